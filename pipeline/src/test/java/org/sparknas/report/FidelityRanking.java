package org.sparknas.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.sparknas.files.DriverHadoop;
import org.sparknas.latency.Agreement;
import org.sparknas.store.RunRecord;
import org.sparknas.store.TrialRecord;
import org.sparknas.store.parquet.ParquetRunSource;

/**
 * How well a low fidelity ranks sub-networks: the same architectures measured in several output
 * roots (e.g. one random search per fidelity, same seed, so the same candidates), each compared
 * with the reference root: Kendall tau and Pearson r of accuracy over the architectures both hold,
 * and the mean evaluation seconds per trial. A benchmark: it prints figures and asserts nothing.
 *
 *   bench/fidelity-ranking.sh REFERENCE_ROOT ROOT ...
 */
public final class FidelityRanking {

    private record Measured(int fidelity, Map<String, Double> accuracy, double meanSeconds) {
    }

    private FidelityRanking() {
    }

    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: FidelityRanking REFERENCE_ROOT ROOT ...");
            System.exit(2);
        }
        Measured reference = load(args[0]);
        System.out.printf(Locale.ROOT, "reference %s: fidelity %d, %d architectures, %.2f s per evaluation%n", args[0],
                reference.fidelity(), reference.accuracy().size(), reference.meanSeconds());
        System.out.printf(Locale.ROOT, "%-36s %8s %6s %12s %10s %14s%n", "root", "fidelity", "archs", "Kendall tau",
                "Pearson r", "s per eval");
        for (int i = 1; i < args.length; i++) {
            Measured m = load(args[i]);
            List<double[]> pairs = new ArrayList<>();
            m.accuracy().forEach((key, acc) -> {
                Double ref = reference.accuracy().get(key);
                if (ref != null) {
                    pairs.add(new double[] {acc, ref});
                }
            });
            Agreement a = Agreement.of(pairs.stream().mapToDouble(p -> p[0]).toArray(),
                    pairs.stream().mapToDouble(p -> p[1]).toArray());
            System.out.printf(Locale.ROOT, "%-36s %8d %6d %12.3f %10.3f %14.2f%n", args[i], m.fidelity(), pairs.size(),
                    a.kendallTau(), a.pearsonR(), m.meanSeconds());
        }
    }

    private static Measured load(String root) {
        ParquetRunSource source = new ParquetRunSource(DriverHadoop.configuration(), root);
        Map<String, Double> accuracy = new LinkedHashMap<>();
        double seconds = 0;
        int evaluated = 0;
        int fidelity = -1;
        for (RunRecord run : source.runs()) {
            fidelity = run.fidelity();
            for (TrialRecord t : source.load(run, RunSpace.of(run)).trials()) {
                if (t.trial().isOk()) {
                    accuracy.putIfAbsent(t.archKey(), t.trial().metric("accuracy"));
                    if (t.reusedFrom() == null) {
                        seconds += t.provenance().evalSeconds();
                        evaluated++;
                    }
                }
            }
        }
        if (accuracy.isEmpty()) {
            throw new IllegalArgumentException("no successful trial under " + root);
        }
        return new Measured(fidelity, accuracy, evaluated == 0 ? Double.NaN : seconds / evaluated);
    }
}
