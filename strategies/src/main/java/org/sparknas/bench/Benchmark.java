package org.sparknas.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongFunction;
import org.sparknas.config.ConfigException;
import org.sparknas.space.Architecture;
import org.sparknas.strategy.RungCandidate;
import org.sparknas.strategy.Strategy;
import org.sparknas.strategy.Trial;

/**
 * Runs ask/tell strategies against a {@link TabularBenchmark} and scores them by the protocol of
 * the benchmarks' README: tight hypervolume fraction and best accuracy at each budget, over seeds.
 * One query is one look-up, repeats included; an architecture the table lacks is told back as a
 * failed trial, as an evaluator that crashed would be.
 *
 * <p>With a {@link LowFidelity} (e.g. NAS-Bench-201's 12-epoch validation accuracy), a
 * multi-fidelity strategy's low-rung candidates are answered from that column at that cost, and
 * budgets count full-query equivalents; only full-fidelity queries add points to the front. Other
 * strategies query the full fidelity only, as without one.
 */
public final class Benchmark {

    /**
     * A table's low fidelity.
     *
     * @param accuracy the column a low-rung query reads as the task's accuracy
     * @param cost     what one low-rung query costs, in full queries (e.g. 12/200 for 12 of 200 epochs)
     */
    public record LowFidelity(String accuracy, double cost) {

        public LowFidelity {
            if (!(cost > 0 && cost < 1)) {
                throw new ConfigException("a low-fidelity query must cost more than 0 and less than a full one, got " + cost);
            }
        }
    }

    private final TabularBenchmark table;
    private final BenchTask task;
    private final Optional<LowFidelity> low;
    private final TightHypervolume hypervolume;
    private final double bestAccuracy;

    public Benchmark(TabularBenchmark table, BenchTask task) {
        this(table, task, Optional.empty());
    }

    public Benchmark(TabularBenchmark table, BenchTask task, Optional<LowFidelity> low) {
        this.table = table;
        this.task = task;
        this.low = low;
        low.ifPresent(l -> {
            if (!table.metrics().contains(l.accuracy())) {
                throw new ConfigException("benchmark table " + table.name() + " has no numeric column '" + l.accuracy()
                        + "' for the low fidelity; its metrics are " + table.metrics());
            }
        });
        this.hypervolume = TightHypervolume.of(table, task);
        this.bestAccuracy = java.util.Arrays.stream(table.column(task.accuracy())).max().orElseThrow();
    }

    public Optional<LowFidelity> lowFidelity() {
        return low;
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
        if (strategy instanceof Strategy.MultiFidelity multiFidelity) {
            return runAtRungs(strategy, multiFidelity, queries, batch);
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

    /**
     * The multi-fidelity run: asks for up to {@code batch} candidates at rungs at a time until
     * {@code queries} full-query equivalents are spent; rung 0 reads the low fidelity's column, rung
     * 1 the task's accuracy. The last batch may overshoot the budget: what lies beyond it is not scored.
     */
    private Trace runAtRungs(Strategy strategy, Strategy.MultiFidelity multiFidelity, int queries, int batch) {
        check(strategy);
        LowFidelity lowFidelity = low.orElseThrow();
        int lowFidelityNumber = multiFidelity.lowRungs().get(0);
        List<Architecture> queried = new ArrayList<>();
        List<double[]> rows = new ArrayList<>();
        double spent = 0;
        while (spent < queries - 1e-9) {
            List<RungCandidate> asked = multiFidelity.askAtRungs(batch);
            if (asked.isEmpty()) {
                break;
            }
            List<Trial> results = new ArrayList<>(asked.size());
            for (RungCandidate c : asked) {
                Architecture arch = c.architecture();
                boolean full = c.rung() > 0;
                double queryCost = full ? 1 : lowFidelity.cost();
                spent += queryCost;
                queried.add(arch);
                Optional<Map<String, Double>> row = table.lookup(arch);
                int fidelity = full ? 0 : lowFidelityNumber;
                if (row.isPresent()) {
                    Map<String, Double> metrics = new java.util.LinkedHashMap<>(row.get());
                    if (!full) {
                        metrics.put(task.accuracy(), row.get().get(lowFidelity.accuracy()));
                    }
                    rows.add(new double[] {full ? row.get().get(task.accuracy()) : Double.NaN, row.get().get(task.cost()),
                        queryCost});
                    results.add(Trial.ok(arch, fidelity, metrics));
                } else {
                    rows.add(new double[] {Double.NaN, Double.NaN, queryCost});
                    results.add(Trial.failed(arch, fidelity, "architecture " + arch.key() + " is not in table " + table.name()));
                }
            }
            strategy.tell(results);
        }
        return new Trace(queried, rows.stream().mapToDouble(r -> r[0]).toArray(), rows.stream().mapToDouble(r -> r[1]).toArray(),
                rows.stream().mapToDouble(r -> r[2]).toArray());
    }

    /**
     * Refuses a strategy this benchmark cannot run: a multi-fidelity one without a low fidelity, or
     * with other than one rung below the full fidelity (a table has one low fidelity).
     */
    public void check(Strategy strategy) {
        if (strategy instanceof Strategy.MultiFidelity multiFidelity) {
            LowFidelity lowFidelity = low.orElseThrow(() -> new ConfigException("strategy " + strategy.name()
                    + " is multi-fidelity: give the table's low fidelity (bench-strategies --low-fidelity COLUMN --low-cost C)"));
            if (multiFidelity.lowRungs().size() != 1) {
                throw new ConfigException("strategy " + strategy.name() + " has rungs " + multiFidelity.lowRungs()
                        + " below the full fidelity, but the benchmark has one low fidelity (" + lowFidelity.accuracy()
                        + "): give it one rung, e.g. rungs = [12]");
            }
        }
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
