package org.sparknas.search;

import static org.sparknas.config.SettingGroup.nested;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.sparknas.config.ConfigException;
import org.sparknas.config.ConfigLoader;
import org.sparknas.config.Setting;
import org.sparknas.config.SettingGroup;
import org.sparknas.config.StrictConfig;
import org.sparknas.data.DataSettings;
import org.sparknas.eval.EvaluationSettings;
import org.sparknas.latency.GoalLatencyCheck;
import org.sparknas.latency.LatencySettings;
import org.sparknas.latency.SpaceCostEstimator;
import org.sparknas.space.SearchSpace;
import org.sparknas.space.SearchSpaces;
import org.sparknas.store.RunIds;
import org.sparknas.strategy.Constraint;
import org.sparknas.strategy.Goal;
import org.sparknas.strategy.MnasReward;
import org.sparknas.strategy.Objective;
import org.sparknas.strategy.Strategies;
import org.sparknas.strategy.Strategy;

/**
 * The settings of a search, read from HOCON ({@code conf/search.conf}) with command-line overrides,
 * and checked: unknown keys, wrong types and impossible values are refused here with the key
 * that is wrong, before Spark starts. Each setting is declared once below (or in the class that
 * owns its object: {@link DataSettings}, {@link EvaluationSettings}, {@link LatencySettings});
 * {@link #GROUPS} is what the configuration reference is generated from.
 */
public record SearchSettings(Config config, SearchSpace space, String runId, String output, String supernetWeights,
                             DataSettings data, int batchSize, String strategy, StrictConfig strategyConfig,
                             int generationSize, int generations, int fidelity, long seed, Goal goal, String sparkMaster,
                             String appName, Map<String, String> sparkConf, Optional<String> evaluatorProvider,
                             LatencySettings latency) {

    /** The most candidates per generation (one Spark job, one stored file, the unit a crash loses). */
    public static final int MAX_GENERATION_SIZE = 10_000;

    public static final Setting<String> RUN_ID = Setting.string("run-id", "", "names the run in every table; empty: derived"
            + " from the settings that decide the trajectory, so the same command resumes the same run");
    public static final Setting<String> OUTPUT = Setting.string("output", null, "output root: a local directory or a Hadoop"
            + " FileSystem URI (hdfs://, s3a://, file://)").check(o -> !o.isBlank(), "not empty");
    public static final SettingGroup ROOT = new SettingGroup("", "the top level of conf/search.conf",
            List.of(RUN_ID, OUTPUT), List.of(
                    nested("space", "the search space, included from conf/spaces/ (see strategies.md); must be the supernet's"),
                    nested("supernet", "table `supernet` below"), nested("data", "table `data` below"),
                    nested("evaluation", "table `evaluation` below"), nested("search", "table `search` below"),
                    nested("strategy", "the next section: `name` and the strategy's own keys, or `class`"),
                    nested("spark", "table `spark` below"), nested("evaluator", "table `evaluator` below (optional)"),
                    nested("latency", "table `latency` below (optional)")));

    public static final Setting<String> WEIGHTS = Setting.string("weights", null, "the trained supernet's weights file"
            + " (local path or Hadoop URI), read once by the driver and broadcast");
    public static final SettingGroup SUPERNET = new SettingGroup("supernet", "the trained weight-sharing supernet",
            List.of(WEIGHTS));

    public static final Setting<Integer> GENERATION_SIZE = Setting.integer("generation-size", null, "candidates one"
            + " generation asks the strategy for: one Spark job, one stored file, the unit a crash loses").positive()
            .check(n -> n <= MAX_GENERATION_SIZE, "at most " + MAX_GENERATION_SIZE + " (search with more generations"
                    + " instead: a generation is held by the driver and stored as one file)");
    public static final Setting<Integer> GENERATIONS = Setting.integer("generations", null, "number of generations")
            .positive();
    public static final Setting<Integer> FIDELITY = Setting.integer("fidelity", null, "validation images per evaluation"
            + " (at most data.validation-size)").positive();
    public static final Setting<Long> SEED = Setting.longInteger("seed", 0L, "seed of the strategy");
    public static final Setting<List<String>> OBJECTIVES = Setting.strings("objectives", List.of(),
            "e.g. [\"max accuracy\", \"min latency_cpu_b1\"]; at least one unless a reward is given");
    public static final Setting<List<String>> CONSTRAINTS = Setting.strings("constraints", List.of(),
            "e.g. [\"macs <= 3e6\", \"latency_cpu_b1 <= 5 ms\"]");
    public static final SettingGroup SEARCH = new SettingGroup("search", "what is searched for, and how long",
            List.of(GENERATION_SIZE, GENERATIONS, FIDELITY, SEED, OBJECTIVES, CONSTRAINTS),
            List.of(nested("reward", "MnasNet's scalar reward instead of objectives: table `search.reward` below")));

    public static final Setting<String> REWARD_ACCURACY = Setting.string("accuracy", "accuracy", "the metric rewarded");
    public static final Setting<String> REWARD_LATENCY = Setting.string("latency", null, "the latency metric, e.g."
            + " latency_cpu_b1");
    public static final Setting<Double> REWARD_TARGET = Setting.number("target", null, "the latency target, in the"
            + " metric's unit");
    public static final Setting<Double> REWARD_EXPONENT = Setting.number("exponent", MnasReward.DEFAULT_EXPONENT,
            "accuracy * (latency / target)^exponent");
    public static final SettingGroup REWARD = new SettingGroup("search.reward", "MnasNet's scalar reward (optional)",
            List.of(REWARD_ACCURACY, REWARD_LATENCY, REWARD_TARGET, REWARD_EXPONENT));

    public static final Setting<String> MASTER = Setting.string("master", "local[*]", "Spark master when Spark has none"
            + " yet (spark-submit sets one)");
    public static final Setting<String> APP_NAME = Setting.string("app-name", "sparknas", "Spark application name");
    public static final SettingGroup SPARK = new SettingGroup("spark", "the embedded Spark session; spark.conf { } holds"
            + " extra Spark settings", List.of(MASTER, APP_NAME),
            List.of(nested("conf", "any Spark settings, handed to the session as they are, e.g. { \"spark.ui.enabled\" = false }")));

    public static final Setting<String> PROVIDER = Setting.string("provider", null, "class name of an EvaluatorProvider"
            + " (public, no-argument constructor)");
    public static final SettingGroup EVALUATOR = new SettingGroup("evaluator", "another evaluator than the supernet"
            + " (optional)", List.of(PROVIDER),
            List.of(nested("settings", "free-form, read by the provider")));

    /** Every group of a search configuration, in the reference's order (the strategy's come from the strategies). */
    public static final List<SettingGroup> GROUPS = List.of(ROOT, SUPERNET, DataSettings.GROUP, EvaluationSettings.GROUP,
            SEARCH, REWARD, SPARK, EVALUATOR, LatencySettings.GROUP, LatencySettings.MEASURE_GROUP);

    /** Reads {@code file}, applies {@code overrides} (HOCON paths to values), and checks everything. */
    public static SearchSettings load(Path file, Map<String, String> overrides) {
        return fromConfig(ConfigLoader.load(file, overrides));
    }

    public static SearchSettings fromConfig(Config config) {
        StrictConfig root = ROOT.checkKeys(new StrictConfig(config, ""));
        SearchSpace space = SearchSpaces.fromConfig(root.object("space"));

        StrictConfig search = root.objectOrEmpty("search");
        refuseRenamed(search);
        SEARCH.checkKeys(search);
        int generationSize = GENERATION_SIZE.read(search);
        int generations = GENERATIONS.read(search);
        int fidelity = FIDELITY.read(search);
        long seed = SEED.read(search);
        Goal goal = goal(search);
        // Latency tables are read (and checked against the space) here, once, on the driver.
        LatencySettings latency = LatencySettings.fromConfig(root, space);
        GoalLatencyCheck.check(goal, latency);
        StrictConfig strategyConfig = strategyConfig(root, generationSize);
        // Built once here to check its settings, so a bad one stops the run before Spark starts; its name (a built-in's
        // or a class of one's own) names the run.
        Strategy built = Strategies.create(strategyConfig, space, goal, SpaceCostEstimator.of(space, latency.tables()), seed);
        String strategy = built.name();

        DataSettings data = DataSettings.fromConfig(root);
        if (fidelity > data.validationSize()) {
            throw search.error("fidelity", "is " + fidelity + " validation images, but data.validation-size holds only "
                    + data.validationSize() + "; lower the fidelity or raise data.validation-size");
        }
        if (built instanceof Strategy.MultiFidelity multiFidelity) {
            checkRungs(strategyConfig, multiFidelity.lowRungs(), fidelity, data.validationSize());
        }
        int batchSize = EvaluationSettings.fromConfig(root).batchSize();

        StrictConfig spark = SPARK.checkKeys(root.objectOrEmpty("spark"));
        Map<String, String> sparkConf = new LinkedHashMap<>();
        if (spark.has("conf")) {
            spark.raw().getConfig("conf").entrySet().forEach(e -> sparkConf.put(e.getKey().replace("\"", ""),
                    String.valueOf(e.getValue().unwrapped())));
        }
        Optional<String> provider = root.has("evaluator")
                ? Optional.of(PROVIDER.read(EVALUATOR.checkKeys(root.object("evaluator"))))
                : Optional.empty();

        String runId = RUN_ID.read(root);
        if (!runId.isEmpty()) {
            RunIds.check(runId);
        }
        String output = OUTPUT.read(root);
        String weights = WEIGHTS.read(SUPERNET.checkKeys(root.objectOrEmpty("supernet")));
        return new SearchSettings(config, space, runId, output, weights, data, batchSize, strategy, strategyConfig,
                generationSize, generations, fidelity, seed, goal, MASTER.read(spark), APP_NAME.read(spark), sparkConf,
                provider, latency);
    }

    /**
     * A multi-fidelity strategy's rungs must lie below the full fidelity (its last rung), which is
     * itself within the validation set: a rung at or above it would measure nothing cheaper.
     */
    static void checkRungs(StrictConfig strategy, List<Integer> rungs, int fidelity, int validationSize) {
        for (int rung : rungs) {
            if (rung >= fidelity) {
                throw strategy.error("rungs", "is " + rungs + ", but rung " + rung + (rung > validationSize
                        ? " exceeds the " + validationSize + " validation images of data.validation-size and" : "")
                        + " is not below search.fidelity = " + fidelity + ", the full fidelity and last rung; give"
                        + " fidelities (validation images) below " + fidelity + ", e.g. rungs = [" + Math.max(1, fidelity / 4)
                        + "]");
            }
        }
    }

    /** A configuration written before the generation batch was renamed gets the new name, not "unknown key". */
    private static void refuseRenamed(StrictConfig search) {
        if (search.has("population")) {
            throw new ConfigException("search.population was renamed search.generation-size (\"population\" is now only a"
                    + " strategy's own): write search.generation-size = " + search.raw().getValue("population").render()
                    + where(search, "population"));
        }
    }

    private static String where(StrictConfig c, String key) {
        String d = c.raw().getValue(key).origin().description();
        return d == null || d.isEmpty() ? "" : " (" + d + ")";
    }

    private static Goal goal(StrictConfig search) {
        List<Objective> objectives = new ArrayList<>();
        for (String text : OBJECTIVES.read(search)) {
            try {
                objectives.add(Objective.parse(text));
            } catch (IllegalArgumentException e) {
                throw search.error("objectives", e.getMessage());
            }
        }
        List<Constraint> constraints = new ArrayList<>();
        for (String text : CONSTRAINTS.read(search)) {
            try {
                constraints.add(Constraint.parse(text));
            } catch (IllegalArgumentException e) {
                throw search.error("constraints", e.getMessage());
            }
        }
        Optional<MnasReward> reward = Optional.empty();
        if (search.has("reward")) {
            StrictConfig r = REWARD.checkKeys(search.object("reward"));
            try {
                reward = Optional.of(new MnasReward(REWARD_ACCURACY.read(r), REWARD_LATENCY.read(r), REWARD_TARGET.read(r),
                        REWARD_EXPONENT.read(r)));
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
     * population defaults to {@code search.generation-size}, so that one generation is one ask.
     */
    private static StrictConfig strategyConfig(StrictConfig root, int generationSize) {
        StrictConfig strategy = root.object("strategy");
        Config raw = strategy.raw();
        if (Strategies.generational(strategy) && !raw.hasPath("population")) {
            raw = raw.withValue("population", ConfigValueFactory.fromAnyRef(generationSize));
        }
        return new StrictConfig(raw, strategy.path());
    }

    /** The whole effective configuration as JSON, stored in the run catalog. */
    public String json() {
        return config.root().render(ConfigRenderOptions.concise());
    }
}
