package org.sparknas.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongFunction;
import org.sparknas.space.Architecture;
import org.sparknas.strategy.Strategy;
import org.sparknas.strategy.Trial;

/**
 * Runs ask/tell strategies against a {@link TabularBenchmark} and scores them by the protocol of
 * the benchmarks' README: tight hypervolume fraction and best accuracy at each budget, over seeds.
 * One query is one look-up, repeats included; an architecture the table lacks is told back as a
 * failed trial, as an evaluator that crashed would be.
 */
public final class Benchmark {

    private final TabularBenchmark table;
    private final BenchTask task;
    private final TightHypervolume hypervolume;
    private final double bestAccuracy;

    public Benchmark(TabularBenchmark table, BenchTask task) {
        this.table = table;
        this.task = task;
        this.hypervolume = TightHypervolume.of(table, task);
        this.bestAccuracy = java.util.Arrays.stream(table.column(task.accuracy())).max().orElseThrow();
    }

    public TabularBenchmark table() {
        return table;
    }

    public BenchTask task() {
        return task;
    }

    public TightHypervolume hypervolume() {
        return hypervolume;
    }

    /** The best accuracy in the whole table. */
    public double bestAccuracy() {
        return bestAccuracy;
    }

    /**
     * Asks {@code strategy} for up to {@code batch} candidates at a time, looks them up and tells the
     * results, until {@code queries} queries are spent or the strategy has nothing more to propose.
     */
    public Trace run(Strategy strategy, int queries, int batch) {
        if (batch <= 0) {
            throw new IllegalArgumentException("batch must be positive, got " + batch);
        }
        List<Architecture> queried = new ArrayList<>(queries);
        double[] accuracy = new double[queries];
        double[] cost = new double[queries];
        while (queried.size() < queries) {
            int want = Math.min(batch, queries - queried.size());
            List<Architecture> asked = strategy.ask(want);
            if (asked.isEmpty()) {
                break;
            }
            if (asked.size() > want) {
                throw new IllegalStateException("strategy " + strategy.name() + " returned " + asked.size()
                        + " candidates when asked for " + want);
            }
            List<Trial> results = new ArrayList<>(asked.size());
            for (Architecture arch : asked) {
                int q = queried.size();
                queried.add(arch);
                Optional<Map<String, Double>> row = table.lookup(arch);
                if (row.isPresent()) {
                    accuracy[q] = row.get().get(task.accuracy());
                    cost[q] = row.get().get(task.cost());
                    results.add(Trial.ok(arch, 0, row.get()));
                } else {
                    accuracy[q] = Double.NaN;
                    cost[q] = Double.NaN;
                    results.add(Trial.failed(arch, 0, "architecture " + arch.key() + " is not in table " + table.name()));
                }
            }
            strategy.tell(results);
        }
        int n = queried.size();
        return new Trace(queried, java.util.Arrays.copyOf(accuracy, n), java.util.Arrays.copyOf(cost, n));
    }

    /** Runs a fresh strategy per seed up to the largest budget and scores every budget. */
    public StrategyScore score(String label, LongFunction<Strategy> strategyForSeed, List<Long> seeds, List<Integer> budgets,
                               int batch) {
        if (seeds.isEmpty() || budgets.isEmpty()) {
            throw new IllegalArgumentException("need at least one seed and one budget");
        }
        int longest = budgets.stream().mapToInt(Integer::intValue).max().orElseThrow();
        List<Trace> traces = new ArrayList<>();
        for (long seed : seeds) {
            traces.add(run(strategyForSeed.apply(seed), longest, batch));
        }
        List<StrategyScore.Budget> scores = new ArrayList<>();
        for (int budget : budgets) {
            double[] hv = new double[traces.size()];
            double[] best = new double[traces.size()];
            double repeats = 0;
            int found = 0;
            for (int s = 0; s < traces.size(); s++) {
                Trace t = traces.get(s);
                hv[s] = hypervolume.fraction(t.points(budget));
                best[s] = t.bestAccuracy(budget);
                repeats += t.repeats(budget);
                int first = t.firstReaching(bestAccuracy);
                if (first > 0 && first <= budget) {
                    found++;
                }
            }
            scores.add(new StrategyScore.Budget(budget, Stats.of(hv), Stats.of(best), repeats / traces.size(), found));
        }
        int[] toBest = traces.stream().mapToInt(t -> t.firstReaching(bestAccuracy)).toArray();
        return new StrategyScore(label, scores, toBest);
    }
}
