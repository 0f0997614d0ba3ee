package org.sparknas.jobs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.sparknas.search.SearchJob;
import org.sparknas.search.SearchSettings;
import org.sparknas.spark.SparkSessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code sparknas search}: runs (or resumes) a search. The Spark master comes from spark-submit,
 * else the configuration's embedded default ({@code local[*]}).
 */
@Command(name = "search", mixinStandardHelpOptions = true,
        description = {"Search the supernet's sub-networks with a strategy; every trial lands in Parquet.",
            "Re-running the same command resumes a crashed run and does nothing for a finished one."})
public final class SearchCommand implements Callable<Integer> {

    @Option(names = "--config", description = "HOCON configuration (default: ${DEFAULT-VALUE})", defaultValue = "conf/search.conf")
    Path config;

    @Option(names = "--run-id", description = "Run id (default: derived from the settings, so the same command resumes the same run)")
    String runId;

    @Option(names = "--output", description = "Output root: a local directory or a Hadoop FileSystem URI")
    String output;

    @Option(names = "--strategy", description = "A built-in strategy's name (strategy.name), e.g. nsga2; docs/strategies.md lists them")
    String strategy;

    @Option(names = "--generation-size", description = "Candidates per generation (search.generation-size)")
    Integer generationSize;

    /** The option's old name: refused with its new one rather than "unknown option". */
    @Option(names = "--population", hidden = true)
    void population(String ignored) {
        throw new ParameterException(spec.commandLine(), "--population was renamed --generation-size");
    }

    @Option(names = "--generations", description = "Number of generations")
    Integer generations;

    @Option(names = "--fidelity", description = "Validation images per evaluation")
    Integer fidelity;

    @Option(names = "--seed", description = "Seed of the strategy")
    Long seed;

    @Option(names = "--objective", description = "An objective, e.g. \"max accuracy\" (repeat; replaces the configured list)")
    List<String> objectives;

    @Option(names = "--constraint", description = "A constraint, e.g. \"macs <= 3e6\" (repeat; replaces the configured list)")
    List<String> constraints;

    @Mixin
    ConfigOverrides sets = new ConfigOverrides();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        SearchSettings settings = SearchSettings.load(config, overrides());
        SparkSession spark = SparkSessions.start(settings.sparkMaster(), settings.appName(), settings.sparkConf());
        try {
            new SearchJob(settings, System.out).run(spark);
            return Main.EXIT_OK;
        } finally {
            spark.stop();
        }
    }

    Map<String, String> overrides() {
        Map<String, String> o = sets.overrides();
        put(o, "run-id", runId == null ? null : quote(runId));
        put(o, "output", output == null ? null : quote(output));
        put(o, "strategy.name", strategy == null ? null : quote(strategy));
        put(o, "search.generation-size", generationSize);
        put(o, "search.generations", generations);
        put(o, "search.fidelity", fidelity);
        put(o, "search.seed", seed);
        if (objectives != null) {
            o.put("search.objectives", list(objectives));
        }
        if (constraints != null) {
            o.put("search.constraints", list(constraints));
        }
        return o;
    }

    private static void put(Map<String, String> o, String key, Object value) {
        if (value != null) {
            o.put(key, value.toString());
        }
    }

    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String list(List<String> values) {
        List<String> quoted = new ArrayList<>();
        values.forEach(v -> quoted.add(quote(v)));
        return "[" + String.join(", ", quoted) + "]";
    }
}
