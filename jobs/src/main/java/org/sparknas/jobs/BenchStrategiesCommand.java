package org.sparknas.jobs;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.LongStream;
import org.sparknas.bench.BenchTask;
import org.sparknas.bench.Benchmark;
import org.sparknas.bench.ScoreTable;
import org.sparknas.bench.StrategyScore;
import org.sparknas.bench.TabularBenchmark;
import org.sparknas.config.ConfigException;
import org.sparknas.config.StrictConfig;
import org.sparknas.space.SearchSpaces;
import org.sparknas.strategy.CostEstimator;
import org.sparknas.strategy.Strategies;
import org.sparknas.strategy.Strategy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sparknas bench-strategies}: scores search strategies on a whole-space tabular benchmark
 * (a CSV with an {@code encoding} column and metric columns), by the protocol of the benchmarks'
 * README: maximise one column, minimise another, one query per look-up (repeats count), a fresh
 * strategy per seed, and per budget the tight hypervolume fraction and the best accuracy, mean
 * and standard deviation over the seeds. Pure Java; no Spark is started.
 */
@Command(name = "bench-strategies", mixinStandardHelpOptions = true,
        description = {"Score search strategies on a tabular NAS benchmark (tight hypervolume fraction, best accuracy).",
            "Example: bench-strategies --table nasbench201_hw.csv --accuracy cifar10_test_acc --cost lat_fpga_ms"})
public final class BenchStrategiesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--table", required = true, description = "The benchmark CSV (an 'encoding' column and metric columns)")
    Path table;

    @Option(names = "--accuracy", required = true, description = "Column to maximise, e.g. cifar10_test_acc or mean_acc")
    String accuracy;

    @Option(names = "--cost", required = true, description = "Column to minimise, e.g. lat_fpga_ms or flops")
    String cost;

    @Option(names = "--strategy", description = {"A strategy name, or its settings in HOCON, e.g. \"name = nsga2, population = 32\"",
        "(repeatable; default: every built-in strategy but grid, whose fixed order is no search)"})
    List<String> strategies;

    @Option(names = "--space", description = "A search space file (e.g. conf/spaces/nb201.conf) the table's encodings must belong to;"
            + " default: derived from the table")
    Path space;

    @Option(names = "--seeds", defaultValue = "20", description = "Number of seeds (default: ${DEFAULT-VALUE})")
    int seeds;

    @Option(names = "--first-seed", defaultValue = "0", description = "First seed (default: ${DEFAULT-VALUE})")
    long firstSeed;

    @Option(names = "--budgets", split = ",", defaultValue = "100,300,1000", description = "Query budgets (default: ${DEFAULT-VALUE})")
    List<Integer> budgets;

    @Option(names = "--batch", defaultValue = "1", description = "Candidates asked per ask/tell round (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--low-fidelity", description = {"A column read as the accuracy of a multi-fidelity strategy's low rung,",
        "e.g. cifar10_val_12ep (NAS-Bench-201's 12-epoch accuracy); budgets then count full-query equivalents"})
    String lowFidelity;

    @Option(names = "--low-cost", description = "What one low-fidelity query costs in full queries, e.g. 0.06 (12 of 200 epochs);"
            + " required with --low-fidelity")
    Double lowCost;

    /** One strategy to score: its settings, and the label of its rows. */
    record Entry(String label, Config settings) {
    }

    @Override
    public Integer call() {
        check(seeds > 0, "--seeds must be positive, got " + seeds);
        check(batch > 0, "--batch must be positive, got " + batch);
        check(budgets.stream().allMatch(b -> b > 0), "--budgets must be positive, got " + budgets);
        TabularBenchmark bench = space == null ? TabularBenchmark.load(table) : TabularBenchmark.load(table, SearchSpaces.load(space));
        check(lowFidelity == null || lowCost != null, "--low-fidelity needs --low-cost (what one low query costs in full queries)");
        check(lowCost == null || lowFidelity != null, "--low-cost is given without --low-fidelity");
        Optional<Benchmark.LowFidelity> low = lowFidelity == null ? Optional.empty()
                : Optional.of(new Benchmark.LowFidelity(lowFidelity, lowCost));
        Benchmark benchmark = new Benchmark(bench, new BenchTask(accuracy, cost), low);
        List<String> defaults = new ArrayList<>(Strategies.searchNames());
        if (low.isPresent()) {
            defaults.addAll(Strategies.multiFidelityNames());
        }
        List<Entry> entries = entries(strategies == null ? defaults : strategies);
        // Build each strategy once before running any, so that a bad setting stops the command at once.
        for (Entry e : entries) {
            benchmark.check(create(e, benchmark, 0));
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(ScoreTable.header(benchmark, seeds, firstSeed, batch));
        out.flush();
        List<Long> seedList = LongStream.range(firstSeed, firstSeed + seeds).boxed().toList();
        List<StrategyScore> scores = new ArrayList<>();
        long started = System.nanoTime();
        List<Double> seconds = new ArrayList<>();
        for (Entry e : entries) {
            long t = System.nanoTime();
            scores.add(benchmark.score(e.label(), seed -> create(e, benchmark, seed), seedList,
                    new ArrayList<>(new TreeSet<>(budgets)), batch));
            seconds.add((System.nanoTime() - t) / 1e9);
        }
        out.print(ScoreTable.format(scores));
        // A look-up costs nothing, so this is what the strategy itself costs the driver per query
        // (its asks and tells): the figure to set beside the seconds one evaluation takes.
        int queries = seeds * budgets.stream().mapToInt(Integer::intValue).max().orElseThrow();
        String unit = low.isPresent() ? "full-query equivalents" : "queries";
        out.println("driver time per query (asks and tells; seeds x largest budget = " + queries + " " + unit + "):");
        for (int i = 0; i < entries.size(); i++) {
            out.printf("  %-36s %8.2f ms%n", entries.get(i).label(), 1000 * seconds.get(i) / queries);
        }
        out.printf("(%.1f s)%n", (System.nanoTime() - started) / 1e9);
        out.flush();
        return Main.EXIT_OK;
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new ConfigException(message);
        }
    }

    /**
     * The estimator knows nothing: every metric is paid for with a query, as for the peers the
     * protocol compares with (a strategy told the cost column for free would have an unfair edge).
     */
    private static Strategy create(Entry e, Benchmark benchmark, long seed) {
        return Strategies.create(new StrictConfig(e.settings(), "strategy"), benchmark.table().space(),
                benchmark.task().goal(), CostEstimator.none(), seed);
    }

    /** A bare word is a strategy name; anything else is parsed as the HOCON body of a strategy object. */
    static List<Entry> entries(List<String> specs) {
        List<Entry> out = new ArrayList<>();
        for (String s : specs) {
            String text = s.trim();
            Config config;
            try {
                config = text.matches("[A-Za-z0-9_-]+") ? ConfigFactory.parseString("name = " + text)
                        : ConfigFactory.parseString(text.startsWith("{") ? text : "{" + text + "}");
            } catch (com.typesafe.config.ConfigException e) {
                throw new ConfigException("--strategy '" + s + "' is neither a strategy name nor HOCON settings: " + e.getMessage(), e);
            }
            out.add(new Entry(label(config), config));
        }
        return out;
    }

    private static String label(Config config) {
        StringBuilder label = new StringBuilder(config.hasPath("name") ? config.getString("name") : "?");
        for (String key : new TreeSet<>(config.root().keySet())) {
            if (!key.equals("name")) {
                label.append(' ').append(key).append('=')
                        .append(config.getValue(key).render(ConfigRenderOptions.concise()).replace("\"", ""));
            }
        }
        return label.toString();
    }
}
