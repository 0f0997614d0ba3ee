package org.sparknas.bench;

import java.util.List;
import java.util.Locale;

/** The plain-text table {@code bench-strategies} prints: one row per strategy and budget. */
public final class ScoreTable {

    private ScoreTable() {
    }

    public static String header(Benchmark bench, int seeds, long firstSeed, int batch) {
        return String.format(Locale.ROOT,
                "benchmark %s (%d architectures): %s%ntrue front %d points; best %s in the table %.2f; %d seeds (%d..%d), batch %d%n",
                bench.table().name(), bench.table().size(), bench.task(), distinct(bench.hypervolume().trueFront()),
                bench.task().accuracy(), bench.bestAccuracy(), seeds, firstSeed, firstSeed + seeds - 1, batch)
                + bench.lowFidelity().map(l -> String.format(Locale.ROOT, "low fidelity %s at %.3f of a full query;"
                        + " budgets in full-query equivalents%n", l.accuracy(), l.cost())).orElse("");
    }

    private static long distinct(List<double[]> points) {
        return points.stream().map(java.util.Arrays::toString).distinct().count();
    }

    public static String format(List<StrategyScore> scores) {
        int width = Math.max(8, scores.stream().mapToInt(s -> s.label().length()).max().orElse(8));
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%-" + width + "s  %6s  %-17s  %-15s  %7s  %10s%n", "strategy", "budget",
                "tight-HV fraction", "best accuracy", "repeats", "found best"));
        for (StrategyScore s : scores) {
            for (StrategyScore.Budget b : s.budgets()) {
                out.append(String.format(Locale.ROOT, "%-" + width + "s  %6d  %.3f +/- %.3f    %6.2f +/- %4.2f  %7.1f  %7d/%d%n",
                        s.label(), b.queries(), b.hypervolume().mean(), b.hypervolume().std(), b.bestAccuracy().mean(),
                        b.bestAccuracy().std(), b.repeats(), b.foundBest(), s.seeds()));
            }
            double median = s.medianQueriesToBest();
            int longest = s.budgets().stream().mapToInt(StrategyScore.Budget::queries).max().orElse(0);
            out.append(String.format(Locale.ROOT, "%-" + width + "s  median queries to the best accuracy: %s%n", "",
                    Double.isInfinite(median) ? "more than " + longest : String.format(Locale.ROOT, "%.0f", median)));
        }
        return out.toString();
    }
}
