package org.sparknas.search;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.sparknas.config.ConfigException;
import org.sparknas.config.ConfigFiles;
import org.sparknas.config.StrictConfig;
import org.sparknas.data.DataSettings;
import org.sparknas.latency.GoalLatencyCheck;
import org.sparknas.latency.LatencySettings;
import org.sparknas.space.SearchSpace;
import org.sparknas.space.SearchSpaces;
import org.sparknas.strategy.Constraint;
import org.sparknas.strategy.Goal;
import org.sparknas.strategy.MnasReward;
import org.sparknas.strategy.Objective;
import org.sparknas.strategy.Strategies;

/**
 * The settings of a search, read from HOCON ({@code conf/search.conf}) with command-line overrides,
 * and checked: unknown keys, wrong types and impossible values are refused here with the key
 * that is wrong, before Spark starts.
 */
public record SearchSettings(Config config, SearchSpace space, String runId, String output, String supernetWeights,
                             DataSettings data, int batchSize, String strategy, StrictConfig strategyConfig,
                             int population, int generations, int fidelity, long seed, Goal goal, String sparkMaster,
                             String appName, Map<String, String> sparkConf, Optional<String> evaluatorProvider,
                             LatencySettings latency) {

    private static final Set<String> ROOT_KEYS = Set.of("run-id", "output", "supernet", "data", "evaluation", "search",
            "strategy", "spark", "space", "evaluator", "latency");
    /** Strategies whose own population is the number of candidates per generation unless set apart. */
    private static final Set<String> GENERATIONAL = Set.of("nsga2", "ofa-evolution");
    private static final Set<String> SEARCH_KEYS = Set.of("population", "generations", "fidelity", "seed",
            "objectives", "constraints", "reward");
    private static final Set<String> DATA_KEYS = Set.of("source", "dir", "validation-size", "calibration-size", "split-seed");
    private static final Set<String> SPARK_KEYS = Set.of("master", "app-name", "conf");
    private static final Set<String> REWARD_KEYS = Set.of("accuracy", "latency", "target", "exponent");

    /** Reads {@code file}, applies {@code overrides} (HOCON paths to values), and checks everything. */
    public static SearchSettings load(Path file, Map<String, String> overrides) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("configuration file " + file + " does not exist; the default is conf/search.conf");
        }
        Config base;
        try {
            base = ConfigFiles.parse(file);
        } catch (com.typesafe.config.ConfigException e) {
            throw new ConfigException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return fromConfig(withOverrides(base, overrides));
    }

    static Config withOverrides(Config base, Map<String, String> overrides) {
        Config merged = base;
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            Config one;
            try {
                one = ConfigFactory.parseString(e.getKey() + " = " + e.getValue());
            } catch (com.typesafe.config.ConfigException bad) {
                // A plain string such as a path with colons: take it literally.
                one = ConfigFactory.empty().withValue(e.getKey(), ConfigValueFactory.fromAnyRef(e.getValue()));
            }
            merged = one.withFallback(merged);
        }
        try {
            return merged.resolve();
        } catch (com.typesafe.config.ConfigException e) {
            throw new ConfigException("cannot resolve the configuration: " + e.getMessage(), e);
        }
    }

    public static SearchSettings fromConfig(Config config) {
        StrictConfig root = new StrictConfig(config, "").requireOnly(ROOT_KEYS);
        SearchSpace space = SearchSpaces.fromConfig(root.object("space"));

        StrictConfig search = root.object("search").requireOnly(SEARCH_KEYS);
        int population = positive(search, "population");
        if (population > MAX_POPULATION) {
            throw search.error("population", "is " + population + ", above " + MAX_POPULATION + ": a generation is one Spark"
                    + " job of one task per candidate, held by the driver (candidates, outcomes, trial rows) and stored as"
                    + " one file, and it is the unit a crash loses. Search with more generations of at most "
                    + MAX_POPULATION + " candidates");
        }
        int generations = positive(search, "generations");
        int fidelity = positive(search, "fidelity");
        long seed = search.longValue("seed", 0);
        Goal goal = goal(search);
        // Latency tables are read (and checked against the space) here, once, on the driver.
        LatencySettings latency = LatencySettings.fromConfig(root, space);
        GoalLatencyCheck.check(goal, latency);
        StrictConfig strategyConfig = strategyConfig(root, population);
        String strategy = strategyConfig.string("name");
        // Build the strategy once here only to check its settings, so a bad one stops the run before Spark starts.
        Strategies.create(strategyConfig, space, goal, SpaceCostEstimator.of(space, latency.tables()), seed);

        StrictConfig data = root.object("data").requireOnly(DATA_KEYS);
        String source = data.string("source", "fashion-mnist");
        if (!source.equals("fashion-mnist") && !source.equals("synthetic")) {
            throw data.error("source", "unknown data source '" + source + "'; use fashion-mnist or synthetic");
        }
        int validationSize = positive(data, "validation-size");
        if (fidelity > validationSize) {
            throw search.error("fidelity", "is " + fidelity + " validation images, but data.validation-size holds only "
                    + validationSize + "; lower the fidelity or raise data.validation-size");
        }
        DataSettings dataSettings = new DataSettings(source, data.string("dir", "data/fashion-mnist"), validationSize,
                positive(data, "calibration-size"), data.longValue("split-seed", 0));

        StrictConfig evaluation = root.object("evaluation").requireOnly(Set.of("batch-size"));
        int batchSize = positive(evaluation, "batch-size");

        StrictConfig spark = root.object("spark").requireOnly(SPARK_KEYS);
        Map<String, String> sparkConf = new LinkedHashMap<>();
        if (spark.has("conf")) {
            spark.raw().getConfig("conf").entrySet().forEach(e -> sparkConf.put(e.getKey().replace("\"", ""),
                    String.valueOf(e.getValue().unwrapped())));
        }
        Optional<String> provider = root.has("evaluator")
                ? Optional.of(root.object("evaluator").requireOnly(Set.of("provider", "settings")).string("provider"))
                : Optional.empty();

        String runId = root.string("run-id", "");
        if (!runId.isEmpty()) {
            RunIds.check(runId);
        }
        String output = root.string("output");
        if (output.isBlank()) {
            throw root.error("output", "is empty; give a directory or a Hadoop FileSystem URI");
        }
        return new SearchSettings(config, space, runId, output, root.object("supernet").requireOnly(Set.of("weights"))
                .string("weights"), dataSettings, batchSize, strategy, strategyConfig, population, generations, fidelity,
                seed, goal, spark.string("master", "local[*]"), spark.string("app-name", "sparknas"), sparkConf, provider,
                latency);
    }

    private static Goal goal(StrictConfig search) {
        List<Objective> objectives = new ArrayList<>();
        for (String text : search.strings("objectives", List.of())) {
            try {
                objectives.add(Objective.parse(text));
            } catch (IllegalArgumentException e) {
                throw search.error("objectives", e.getMessage());
            }
        }
        List<Constraint> constraints = new ArrayList<>();
        for (String text : search.strings("constraints", List.of())) {
            try {
                constraints.add(Constraint.parse(text));
            } catch (IllegalArgumentException e) {
                throw search.error("constraints", e.getMessage());
            }
        }
        Optional<MnasReward> reward = Optional.empty();
        if (search.has("reward")) {
            StrictConfig r = search.object("reward").requireOnly(REWARD_KEYS);
            try {
                reward = Optional.of(new MnasReward(r.string("accuracy", "accuracy"), r.string("latency"),
                        r.number("target"), r.number("exponent", MnasReward.DEFAULT_EXPONENT)));
            } catch (IllegalArgumentException e) {
                throw search.error("reward", e.getMessage());
            }
        }
        if (objectives.isEmpty() && reward.isEmpty()) {
            throw search.error("objectives", "is empty; give at least one, e.g. [\"max accuracy\", \"min macs\"]");
        }
        return new Goal(objectives, constraints, reward);
    }

    /**
     * The {@code strategy} object handed to the strategy factory. A generational strategy's own
     * population defaults to {@code search.population}, so that one generation is one ask.
     */
    private static StrictConfig strategyConfig(StrictConfig root, int population) {
        StrictConfig strategy = root.object("strategy");
        String name = strategy.string("name");
        Config raw = strategy.raw();
        if (GENERATIONAL.contains(name) && !raw.hasPath("population")) {
            raw = raw.withValue("population", ConfigValueFactory.fromAnyRef(population));
        }
        return new StrictConfig(raw, strategy.path());
    }

    /** The most candidates per generation (one Spark job, one stored file, the unit a crash loses). */
    public static final int MAX_POPULATION = 10_000;

    private static int positive(StrictConfig c, String key) {
        int v = c.integer(key);
        if (v <= 0) {
            throw c.error(key, "must be positive, got " + v);
        }
        return v;
    }

    /** The whole effective configuration as JSON, stored in the run catalog. */
    public String json() {
        return config.root().render(ConfigRenderOptions.concise());
    }

    /** The same settings with another run id. */
    public SearchSettings withRunId(String id) {
        return new SearchSettings(config, space, RunIds.check(id), output, supernetWeights, data, batchSize, strategy,
                strategyConfig, population, generations, fidelity, seed, goal, sparkMaster, appName, sparkConf,
                evaluatorProvider, latency);
    }
}
