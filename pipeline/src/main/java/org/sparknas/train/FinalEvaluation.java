package org.sparknas.train;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.sparknas.config.ConfigException;
import org.sparknas.data.DataSplit;
import org.sparknas.data.ImageSet;
import org.sparknas.data.ImageSource;
import org.sparknas.data.SplitPlan;
import org.sparknas.data.StoredImageSource;
import org.sparknas.eval.SupernetEvaluator;
import org.sparknas.space.Architecture;
import org.sparknas.space.OfaSpace;
import org.sparknas.strategy.Metrics;
import org.sparknas.supernet.ElasticSupernet;
import org.sparknas.supernet.InputNormalization;
import org.sparknas.supernet.SupernetWeights;
import org.sparknas.supernet.TrainedSplit;
import org.sparknas.supernet.TrainingInfo;

/**
 * A supernet's report card: the smallest network, the median one (the middle choice of every
 * dimension) and the largest, each BN re-calibrated on the calibration images and measured by the
 * search's evaluator ({@link SupernetEvaluator}) on every held-out validation image, and the same
 * way on the data set's official test set (reported only; the search validates on the held-out
 * images). Training measures the supernet it holds; {@code measure-supernet} and the bundled
 * supernet's test measure a weights file through the very same method, so the manifest records
 * what the file measures.
 */
public final class FinalEvaluation {

    public static final List<String> LABELS = List.of("smallest", "median", "largest");

    private FinalEvaluation() {
    }

    /** The supernet's reference networks by label, in {@link #LABELS}' order. */
    public static Map<String, Architecture> subjects(OfaSpace space) {
        Map<String, Architecture> subjects = new LinkedHashMap<>();
        subjects.put("smallest", space.smallest());
        subjects.put("median", space.median());
        subjects.put("largest", space.largest());
        return subjects;
    }

    /**
     * Measures a supernet held in memory (e.g. at the end of training). Evaluations change its
     * active architecture and the running BatchNorm statistics of the evaluated channels.
     */
    public static List<SubnetAccuracy> measure(ElasticSupernet supernet, DataSplit split, InputNormalization normalization,
                                               int batchSize) {
        OfaSpace space = supernet.space();
        Map<String, Map<String, Double>> heldOut = evaluate(supernet, split.calibration(), split.validation(), normalization,
                batchSize);
        // a source without a test set (an image folder given no data.test-path) reports held-out accuracy only
        Map<String, Map<String, Double>> test = split.testImages().count() == 0 ? Map.of()
                : evaluate(supernet, split.calibration(), split.test(), normalization, batchSize);
        List<SubnetAccuracy> results = new ArrayList<>();
        for (Map.Entry<String, Architecture> s : subjects(space).entrySet()) {
            Map<String, Double> h = heldOut.get(s.getKey());
            Map<String, Double> t = test.getOrDefault(s.getKey(), Map.of(Metrics.ACCURACY, Double.NaN, Metrics.LOSS,
                    Double.NaN));
            results.add(new SubnetAccuracy(s.getKey(), s.getValue().key(), space.macs(s.getValue()),
                    h.get(Metrics.ACCURACY), h.get(Metrics.LOSS), t.get(Metrics.ACCURACY), t.get(Metrics.LOSS)));
        }
        return results;
    }

    /** Measures the supernet of a weights file on the split its manifest records, drawn from {@code source}. */
    public static List<SubnetAccuracy> measure(SupernetWeights weights, ImageSource source, int batchSize) {
        DataSplit split = split(weights, source);
        try (NDManager manager = NDManager.newBaseManager()) {
            ElasticSupernet supernet;
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                supernet = weights.instantiate(manager);
                // the weights outlive this scope
                supernet.getDirectParameters().values().forEach(p -> NDScope.unregister(p.getArray()));
            }
            return measure(supernet, split, weights.manifest().normalization(), batchSize);
        }
    }

    /** The held-out split a weights file was trained with (its manifest says which), of {@code source}. */
    public static DataSplit split(SupernetWeights weights, ImageSource source) {
        TrainingInfo training = weights.manifest().training();
        TrainedSplit trained = TrainedSplit.of(training).orElseThrow(() -> new ConfigException(weights.source()
                + " does not record the split it was trained with (data-source, data-validation-size, data-split-seed)"));
        if (!trained.source().equals(source.name())) {
            throw new ConfigException(weights.source() + " was trained on '" + trained.source() + "', not on '"
                    + source.name() + "'");
        }
        if (source instanceof StoredImageSource stored && trained.data() != null) {
            java.util.List<String> changed = trained.differences(new TrainedSplit(trained.source(), trained.validationSize(),
                    trained.splitSeed(), stored.identity()));
            if (!changed.isEmpty()) {
                throw new ConfigException(weights.source() + " was trained on other images: " + String.join("; ", changed));
            }
        }
        String calibration = training.get("data-calibration-size");
        int calibrationCount = calibration == null ? SplitPlan.DEFAULT.calibrationCount() : Integer.parseInt(calibration);
        return DataSplit.of(source, new SplitPlan(trained.validationSize(), calibrationCount, trained.splitSeed()));
    }

    /** The manifest entries of the measured accuracies (4 decimals), added to {@code info}. */
    public static void record(List<SubnetAccuracy> accuracies, DataSplit split, Map<String, String> info) {
        info.put("validation-images", Integer.toString(split.validation().count()));
        info.put("test-images", Integer.toString(split.testImages().count()));
        for (SubnetAccuracy a : accuracies) {
            info.put("arch-" + a.label(), a.architecture());
            info.put("macs-" + a.label(), Long.toString(a.macs()));
            info.put("accuracy-" + a.label(), decimals(a.accuracy()));
            info.put("loss-" + a.label(), decimals(a.loss()));
            if (!Double.isNaN(a.testAccuracy())) {
                info.put("test-accuracy-" + a.label(), decimals(a.testAccuracy()));
                info.put("test-loss-" + a.label(), decimals(a.testLoss()));
            }
        }
    }

    /** How the manifest writes an accuracy or a loss. */
    public static String decimals(double value) {
        return String.format(Locale.ROOT, "%.4f", value);
    }

    private static Map<String, Map<String, Double>> evaluate(ElasticSupernet supernet, ImageSet calibration, ImageSet images,
                                                             InputNormalization normalization, int batchSize) {
        Map<String, Map<String, Double>> metrics = new LinkedHashMap<>();
        try (SupernetEvaluator evaluator = SupernetEvaluator.over(supernet, calibration, images, normalization, batchSize)) {
            for (Map.Entry<String, Architecture> s : subjects(supernet.space()).entrySet()) {
                metrics.put(s.getKey(), evaluator.evaluate(s.getValue(), images.count()));
            }
        }
        return metrics;
    }
}
