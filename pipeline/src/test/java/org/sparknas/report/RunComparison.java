package org.sparknas.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.sparknas.files.DriverHadoop;
import org.sparknas.pareto.Hypervolume;
import org.sparknas.store.RunRecord;
import org.sparknas.store.TrialRecord;
import org.sparknas.store.parquet.ParquetRunSource;
import org.sparknas.store.parquet.ParquetTrialStore;

/**
 * Searches of the real supernet side by side, on one hypervolume scale: for each run, its evaluation
 * CPU-seconds (the sum of its trials' task times, every rung of a multi-fidelity run included, reused
 * trials free), the same cost counted in full-fidelity evaluations by images read (independent of the
 * machine's load), its best accuracy and the hypervolume of its full-fidelity trials (accuracy up,
 * one cost down), both scaled to [0, 1] by the extent over all the runs given, reference point
 * (1.1, 1.1). Then, per label, mean +- std, and for every run the CPU-seconds at which its
 * hypervolume first reached the first label's mean final hypervolume. A benchmark: it prints
 * figures and asserts nothing.
 *
 *   bench/compare-runs.sh COST LABEL=OUTPUT_ROOT[@STRATEGY] ...
 *
 * The first label is the baseline. With {@code @STRATEGY}, the latest run of that strategy in the
 * root is taken (a root may also hold the earlier runs a warm start learnt from).
 */
public final class RunComparison {

    private record Run(String label, RunRecord record, List<TrialRecord> trials, int calibration) {

        /**
         * A trial's share of a full-fidelity evaluation, by images read: the validation images plus the
         * calibration images (min(fidelity, calibration)). Unlike task seconds, it does not depend on
         * what else the machine was running.
         */
        double evaluations(TrialRecord t) {
            int f = t.trial().fidelity();
            int full = record.fidelity();
            return (f + Math.min(f, calibration)) / (double) (full + Math.min(full, calibration));
        }
    }

    private RunComparison() {
    }

    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: RunComparison COST LABEL=OUTPUT_ROOT[@STRATEGY] ...");
            System.exit(2);
        }
        String cost = args[0];
        List<Run> runs = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            runs.add(load(args[i]));
        }
        double[] lo = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
        double[] hi = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (Run run : runs) {
            for (TrialRecord t : fullFidelity(run)) {
                double[] p = {-t.trial().metric("accuracy"), t.trial().metric(cost)};
                for (int k = 0; k < 2; k++) {
                    lo[k] = Math.min(lo[k], p[k]);
                    hi[k] = Math.max(hi[k], p[k]);
                }
            }
        }
        Map<String, List<double[]>> byLabel = new LinkedHashMap<>();
        Map<Run, double[][]> curves = new LinkedHashMap<>();
        System.out.printf(Locale.ROOT, "%-10s %-34s %7s %9s %9s %8s %8s %7s%n", "label", "run", "trials", "at full", "CPU-s",
                "evals", "best acc", "HV");
        for (Run run : runs) {
            double[][] curve = curve(run, cost, lo, hi);
            curves.put(run, curve);
            double cpu = curve[curve.length - 1][0];
            double hv = curve[curve.length - 1][1];
            double best = fullFidelity(run).stream().mapToDouble(t -> t.trial().metric("accuracy")).max().orElse(Double.NaN);
            double evals = curve[curve.length - 1][2];
            System.out.printf(Locale.ROOT, "%-10s %-34s %7d %9d %9.0f %8.1f %8.4f %7.4f%n", run.label(), run.record().runId(),
                    run.trials().size(), fullFidelity(run).size(), cpu, evals, best, hv);
            byLabel.computeIfAbsent(run.label(), l -> new ArrayList<>()).add(new double[] {cpu, best, hv, evals});
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "%-10s %4s %18s %18s %18s %18s%n", "label", "runs", "CPU-s", "evals", "best acc", "HV");
        for (Map.Entry<String, List<double[]>> e : byLabel.entrySet()) {
            System.out.printf(Locale.ROOT, "%-10s %4d %18s %18s %18s %18s%n", e.getKey(), e.getValue().size(),
                    stats(e.getValue(), 0, "%.0f"), stats(e.getValue(), 3, "%.1f"), stats(e.getValue(), 1, "%.4f"),
                    stats(e.getValue(), 2, "%.4f"));
        }
        String baseline = runs.get(0).label();
        List<double[]> base = byLabel.get(baseline);
        double targetHv = base.stream().mapToDouble(v -> v[2]).average().orElseThrow();
        double baseCpu = base.stream().mapToDouble(v -> v[0]).average().orElseThrow();
        double baseEvals = base.stream().mapToDouble(v -> v[3]).average().orElseThrow();
        System.out.printf(Locale.ROOT, "%nCost to reach %s's mean final HV %.4f (%s's mean: %.0f CPU-s, %.1f evaluations):%n",
                baseline, targetHv, baseline, baseCpu, baseEvals);
        for (Map.Entry<Run, double[][]> e : curves.entrySet()) {
            double[] reached = null;
            for (double[] point : e.getValue()) {
                if (point[1] >= targetHv) {
                    reached = point;
                    break;
                }
            }
            System.out.printf(Locale.ROOT, "  %-10s %-34s %s%n", e.getKey().label(), e.getKey().record().runId(),
                    reached == null ? "not reached" : String.format(Locale.ROOT,
                            "%.0f CPU-s (%.2f of %s's), %.1f evaluations (%.2f)", reached[0], reached[0] / baseCpu, baseline,
                            reached[2], reached[2] / baseEvals));
        }
    }

    private static Run load(String arg) {
        int eq = arg.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("expected LABEL=OUTPUT_ROOT[@STRATEGY], got " + arg);
        }
        String label = arg.substring(0, eq);
        String rest = arg.substring(eq + 1);
        int at = rest.lastIndexOf('@');
        String root = at < 0 ? rest : rest.substring(0, at);
        String strategy = at < 0 ? null : rest.substring(at + 1);
        ParquetRunSource source = new ParquetRunSource(DriverHadoop.configuration(), root);
        RunRecord record = source.runs().stream()
                .filter(r -> strategy == null || r.strategy().equals(strategy))
                .max(Comparator.comparing(RunRecord::startedAt))
                .orElseThrow(() -> new IllegalArgumentException("no run" + (strategy == null ? "" : " of " + strategy)
                        + " under " + root));
        // The trial store, not the run source: a multi-fidelity run's low rungs cost CPU-seconds too.
        ParquetTrialStore store = new ParquetTrialStore(DriverHadoop.configuration(), root, RunSpace.of(record), Set.of());
        com.typesafe.config.Config config = com.typesafe.config.ConfigFactory.parseString(record.configJson());
        int calibration = config.hasPath("data.calibration-size") ? config.getInt("data.calibration-size") : 2000;
        return new Run(label, record, store.trials(record.runId()), calibration);
    }

    private static List<TrialRecord> fullFidelity(Run run) {
        return run.trials().stream().filter(t -> t.trial().isOk() && t.trial().fidelity() == run.record().fidelity()).toList();
    }

    /** Per generation: cumulative CPU-seconds and hypervolume of the full-fidelity trials so far. */
    private static double[][] curve(Run run, String cost, double[] lo, double[] hi) {
        List<TrialRecord> ordered = run.trials().stream().sorted(Comparator.comparingLong(TrialRecord::trialId)).toList();
        List<double[]> curve = new ArrayList<>();
        List<double[]> points = new ArrayList<>();
        double cpu = 0;
        double evaluations = 0;
        for (int i = 0; i < ordered.size(); i++) {
            TrialRecord t = ordered.get(i);
            if (t.reusedFrom() == null) {
                cpu += t.provenance().evalSeconds();
                evaluations += run.evaluations(t);
            }
            if (t.trial().isOk() && t.trial().fidelity() == run.record().fidelity()) {
                double[] p = {-t.trial().metric("accuracy"), t.trial().metric(cost)};
                points.add(new double[] {(p[0] - lo[0]) / (hi[0] - lo[0]), (p[1] - lo[1]) / (hi[1] - lo[1])});
            }
            boolean generationEnds = i == ordered.size() - 1 || ordered.get(i + 1).generation() != t.generation();
            if (generationEnds) {
                curve.add(new double[] {cpu, Hypervolume.of(points, new double[] {1.1, 1.1}), evaluations});
            }
        }
        return curve.toArray(double[][]::new);
    }

    private static String stats(List<double[]> values, int k, String format) {
        double mean = values.stream().mapToDouble(v -> v[k]).average().orElse(Double.NaN);
        double var = values.stream().mapToDouble(v -> (v[k] - mean) * (v[k] - mean)).sum() / Math.max(1, values.size() - 1);
        return String.format(Locale.ROOT, format + " ± " + format, mean, Math.sqrt(var));
    }
}
