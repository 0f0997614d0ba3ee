package org.sparknas.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.sparknas.files.DriverHadoop;
import org.sparknas.latency.Agreement;
import org.sparknas.space.Architecture;
import org.sparknas.space.SearchSpace;
import org.sparknas.store.RunRecord;
import org.sparknas.store.TrialRecord;
import org.sparknas.store.parquet.ParquetRunSource;
import org.sparknas.strategy.MlpPredictor;

/**
 * How well the accuracy predictor ranks sub-networks of the real supernet: every successful trial
 * of an output root measured with the most common supernet checksum and fidelity (one per
 * architecture), a fixed seeded held-out set, and {@link MlpPredictor} trained on 50 / 100 / 200 /
 * 500 of the others (several seeds per size: which trials, and the network's initialisation), with
 * the default settings, an ensemble of 3, and a weaker L2 penalty.
 * Prints Kendall tau and RMSE in accuracy points on the held-out set, mean +- std over the seeds.
 * A benchmark: it prints figures and asserts nothing.
 *
 *   bench/predictor-quality.sh OUTPUT_ROOT [HELD_OUT] [SEEDS]
 */
public final class PredictorQuality {

    private static final int[] SIZES = {50, 100, 200, 500};

    private PredictorQuality() {
    }

    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: PredictorQuality OUTPUT_ROOT [HELD_OUT (140)] [SEEDS (5)]");
            System.exit(2);
        }
        String root = args[0];
        int heldOut = args.length > 1 ? Integer.parseInt(args[1]) : 140;
        int seeds = args.length > 2 ? Integer.parseInt(args[2]) : 5;

        ParquetRunSource source = new ParquetRunSource(DriverHadoop.configuration(), root);
        List<RunRecord> runs = source.runs();
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("no run under " + root);
        }
        SearchSpace space = null;
        List<TrialRecord> all = new ArrayList<>();
        for (RunRecord run : runs) {
            SearchSpace s = RunSpace.of(run);
            if (space != null && !space.fingerprint().equals(s.fingerprint())) {
                System.out.println("skipping run " + run.runId() + ": another space (" + s.name() + ")");
                continue;
            }
            space = s;
            all.addAll(source.load(run, s).trials());
        }
        List<TrialRecord> ok = all.stream().filter(t -> t.trial().isOk()).toList();
        String sha = mostCommon(ok, TrialRecord::supernetSha256);
        int fidelity = mostCommon(ok, t -> t.trial().fidelity());
        Map<Architecture, Double> accuracy = new LinkedHashMap<>();
        for (TrialRecord t : ok) {
            if (t.supernetSha256().equals(sha) && t.trial().fidelity() == fidelity) {
                accuracy.putIfAbsent(t.trial().architecture(), 100 * t.trial().metric("accuracy"));
            }
        }
        System.out.printf(Locale.ROOT, "%s: %d runs, %d trials, %d ok; %d distinct architectures of supernet %s at fidelity %d%n",
                root, runs.size(), all.size(), ok.size(), accuracy.size(), sha.substring(0, Math.min(12, sha.length())),
                fidelity);

        List<Architecture> archs = new ArrayList<>(accuracy.keySet());
        archs.sort(Comparator.comparing(Architecture::key));
        shuffle(archs, new SplittableRandom(0));
        if (archs.size() < heldOut + SIZES[0]) {
            throw new IllegalArgumentException("only " + archs.size() + " architectures: need " + heldOut
                    + " held out plus at least " + SIZES[0] + " to train on");
        }
        List<Architecture> test = archs.subList(0, heldOut);
        List<Architecture> pool = archs.subList(heldOut, archs.size());
        double[] measured = test.stream().mapToDouble(accuracy::get).toArray();
        double mean = java.util.Arrays.stream(measured).average().orElseThrow();
        double sd = Math.sqrt(java.util.Arrays.stream(measured).map(v -> (v - mean) * (v - mean)).sum() / measured.length);
        System.out.printf(Locale.ROOT, "held out: %d architectures, accuracy %.2f +- %.2f points (std); %d seeds per size%n",
                heldOut, mean, sd, seeds);
        MlpPredictor.Settings d = MlpPredictor.Settings.DEFAULTS;
        Map<String, MlpPredictor.Settings> variants = new LinkedHashMap<>();
        variants.put("default", d);
        variants.put("ensemble 3", d.withEnsemble(3));
        // The default L2 was chosen on a toy function; the weaker one shows what it costs or gains here.
        variants.put("l2 0.001", new MlpPredictor.Settings(d.hidden(), d.epochs(), d.batchSize(), d.learningRate(), 1e-3,
                1, d.minimumTrials()));
        System.out.println("predictor    trained on  Kendall tau      RMSE (points)   fit ms");
        for (Map.Entry<String, MlpPredictor.Settings> variant : variants.entrySet()) {
            MlpPredictor.Settings settings = variant.getValue();
            // A size the stored trials cannot give is replaced by all of them, once (a run still being written).
            java.util.TreeSet<Integer> sizes = new java.util.TreeSet<>();
            for (int size : SIZES) {
                sizes.add(Math.min(size, pool.size()));
            }
            for (int size : sizes) {
                double[] taus = new double[seeds];
                double[] rmses = new double[seeds];
                double ms = 0;
                for (int seed = 0; seed < seeds; seed++) {
                    List<Architecture> train = new ArrayList<>(pool);
                    shuffle(train, new SplittableRandom(1000 + seed));
                    train = train.subList(0, size);
                    MlpPredictor predictor = new MlpPredictor(space, settings, seed);
                    long start = System.nanoTime();
                    predictor.fit(train, train.stream().mapToDouble(accuracy::get).toArray());
                    ms += (System.nanoTime() - start) / 1e6;
                    double[] predicted = test.stream().mapToDouble(predictor::predict).toArray();
                    taus[seed] = Agreement.of(predicted, measured).kendallTau();
                    double squares = 0;
                    for (int i = 0; i < predicted.length; i++) {
                        squares += (predicted[i] - measured[i]) * (predicted[i] - measured[i]);
                    }
                    rmses[seed] = Math.sqrt(squares / predicted.length);
                }
                System.out.printf(Locale.ROOT, "%-11s  %10d  %.3f +- %.3f   %.3f +- %.3f   %6.0f%n", variant.getKey(), size,
                        mean(taus),
                        std(taus), mean(rmses), std(rmses), ms / seeds);
            }
        }
    }

    private static <T> T mostCommon(List<TrialRecord> trials, Function<TrialRecord, T> key) {
        Map<T, Long> counts = trials.stream().collect(Collectors.groupingBy(key, TreeMap::new, Collectors.counting()));
        return counts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow(
                () -> new IllegalArgumentException("no successful trial")).getKey();
    }

    private static <T> void shuffle(List<T> list, SplittableRandom rng) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            T t = list.get(i);
            list.set(i, list.get(j));
            list.set(j, t);
        }
    }

    private static double mean(double[] v) {
        return java.util.Arrays.stream(v).average().orElseThrow();
    }

    private static double std(double[] v) {
        double m = mean(v);
        return Math.sqrt(java.util.Arrays.stream(v).map(x -> (x - m) * (x - m)).sum() / v.length);
    }
}
