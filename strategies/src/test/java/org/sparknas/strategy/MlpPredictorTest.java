package org.sparknas.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.sparknas.space.Architecture;
import org.sparknas.space.CategoricalSpace;

/** The perceptron learns a known function of the encoding, refuses to predict unfitted, and repeats for a seed. */
class MlpPredictorTest {

    private static final CategoricalSpace SPACE = Toy.space(8, 4);

    /** Per dimension and choice a value drawn once: the target of an architecture is their sum. */
    private static final double[][] PART = parts(8, 4, 3);

    private static double[][] parts(int dims, int choices, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] v = new double[dims][choices];
        for (double[] row : v) {
            for (int c = 0; c < choices; c++) {
                row[c] = rng.nextDouble();
            }
        }
        return v;
    }

    private static double additive(Architecture a) {
        double sum = 0;
        for (int d = 0; d < a.length(); d++) {
            sum += PART[d][a.gene(d)];
        }
        // Accuracy-like: a fraction with a small spread, far from zero, as the supernet's are.
        return 0.8 + 0.02 * sum;
    }

    private static List<Architecture> distinct(int count, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        LinkedHashSet<Architecture> out = new LinkedHashSet<>();
        while (out.size() < count) {
            out.add(SPACE.sample(rng));
        }
        return new ArrayList<>(out);
    }

    static double kendallTau(double[] x, double[] y) {
        long concordant = 0;
        long discordant = 0;
        for (int i = 0; i < x.length; i++) {
            for (int j = i + 1; j < x.length; j++) {
                double s = Math.signum(x[i] - x[j]) * Math.signum(y[i] - y[j]);
                if (s > 0) {
                    concordant++;
                } else if (s < 0) {
                    discordant++;
                }
            }
        }
        return (concordant - discordant) / (x.length * (x.length - 1) / 2.0);
    }

    @Test
    void learnsAnAdditiveFunctionOfTheChoicesAndRanksHeldOutArchitectures() {
        List<Architecture> all = distinct(500, 1);
        List<Architecture> train = all.subList(0, 300);
        List<Architecture> test = all.subList(300, 500);
        MlpPredictor predictor = new MlpPredictor(SPACE, MlpPredictor.Settings.DEFAULTS, 42);
        predictor.fit(train, train.stream().mapToDouble(MlpPredictorTest::additive).toArray());
        double[] predicted = test.stream().mapToDouble(predictor::predict).toArray();
        double[] actual = test.stream().mapToDouble(MlpPredictorTest::additive).toArray();
        double tau = kendallTau(predicted, actual);
        assertTrue(tau > 0.9, "Kendall tau on 200 held-out architectures: " + tau);
        double squares = 0;
        for (int i = 0; i < actual.length; i++) {
            squares += (predicted[i] - actual[i]) * (predicted[i] - actual[i]);
        }
        // The targets spread with a standard deviation of about 0.016.
        double rmse = Math.sqrt(squares / actual.length);
        assertTrue(rmse < 0.004, "RMSE " + rmse);
    }

    @Test
    void refusesToPredictBeforeItIsFittedAndToFitOnTooFewTrials() {
        MlpPredictor predictor = new MlpPredictor(SPACE, MlpPredictor.Settings.DEFAULTS, 1);
        assertFalse(predictor.fitted());
        String message = assertThrows(IllegalStateException.class, () -> predictor.predict(SPACE.smallest())).getMessage();
        assertTrue(message.contains("asked to predict before it was fitted; it needs at least 8 successful trials"), message);

        List<Architecture> seven = distinct(7, 2);
        message = assertThrows(IllegalStateException.class,
                () -> predictor.fit(seven, seven.stream().mapToDouble(MlpPredictorTest::additive).toArray())).getMessage();
        assertEquals("the predictor needs at least 8 successful trials to fit (minimum-trials), got 7", message);
        assertFalse(predictor.fitted(), "a refused fit leaves it unfitted");

        List<Architecture> eight = distinct(8, 2);
        predictor.fit(eight, eight.stream().mapToDouble(MlpPredictorTest::additive).toArray());
        assertTrue(Double.isFinite(predictor.predict(SPACE.smallest())));
        assertThrows(IllegalArgumentException.class, () -> predictor.fit(eight, new double[3]));
    }

    @Test
    void theSameSeedAndPairsGiveTheSamePredictionsAnotherSeedOthers() {
        List<Architecture> train = distinct(60, 5);
        double[] values = train.stream().mapToDouble(MlpPredictorTest::additive).toArray();
        List<Architecture> probe = distinct(20, 6);
        double[] a = fitAndPredict(7, train, values, probe, 1);
        double[] b = fitAndPredict(7, train, values, probe, 1);
        assertEquals(List.of(box(a)), List.of(box(b)));
        assertNotEquals(List.of(box(a)), List.of(box(fitAndPredict(8, train, values, probe, 1))));
        assertEquals(List.of(box(fitAndPredict(7, train, values, probe, 3))),
                List.of(box(fitAndPredict(7, train, values, probe, 3))));
    }

    @Test
    void anEnsembleAveragesItsMembers() {
        List<Architecture> train = distinct(60, 5);
        double[] values = train.stream().mapToDouble(MlpPredictorTest::additive).toArray();
        List<Architecture> probe = distinct(20, 6);
        double[] one = fitAndPredict(7, train, values, probe, 1);
        double[] three = fitAndPredict(7, train, values, probe, 3);
        // The first member of the ensemble is the single network of the same seed.
        assertNotEquals(List.of(box(one)), List.of(box(three)));
        double spread = 0;
        for (int i = 0; i < one.length; i++) {
            spread = Math.max(spread, Math.abs(one[i] - three[i]));
        }
        assertTrue(spread < 0.02, "members agree roughly: " + spread);
    }

    private static double[] fitAndPredict(long seed, List<Architecture> train, double[] values, List<Architecture> probe,
                                          int ensemble) {
        MlpPredictor p = new MlpPredictor(SPACE, MlpPredictor.Settings.DEFAULTS.withEnsemble(ensemble), seed);
        p.fit(train, values);
        return probe.stream().mapToDouble(p::predict).toArray();
    }

    private static Double[] box(double[] v) {
        return java.util.Arrays.stream(v).boxed().toArray(Double[]::new);
    }
}
