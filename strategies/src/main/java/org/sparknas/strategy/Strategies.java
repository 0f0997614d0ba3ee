package org.sparknas.strategy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.sparknas.config.ConfigException;
import org.sparknas.config.SettingGroup;
import org.sparknas.config.StrictConfig;
import org.sparknas.space.SearchSpace;

/**
 * The strategies {@code strategy.name} can pick, one line each, and the factory that builds one
 * from its configuration object, e.g. {@code strategy { name = nsga2, population = 20 }}, or a class
 * of one's own from {@code strategy { class = com.example.MyStrategy }} (see {@link StrategyContext}).
 * Every setting is checked here, with the key and value in the message, so that a typo or an
 * impossible value stops the run before anything is evaluated.
 */
public final class Strategies {

    /** How a built-in strategy consumes its candidates, which decides how a search and a benchmark use it. */
    enum Kind {
        /** Learns from every told trial, whatever the batches. */
        STEADY,
        /** Breeds in generations of its own {@code population}, which a search sets to its generation size. */
        GENERATIONAL,
        /** Walks a fixed order: no search, so left out of the default benchmark. */
        ENUMERATION,
        /** Measures candidates at several fidelities ({@link Strategy.MultiFidelity}): needs a caller that knows fidelity. */
        MULTI_FIDELITY
    }

    private record BuiltIn(SettingGroup settings, Kind kind, Function<StrategyContext, Strategy> factory) {
    }

    private static final Map<String, BuiltIn> BUILT_IN = new LinkedHashMap<>();

    static {
        builtIn(RandomSearch.NAME, RandomSearch.SETTINGS, Kind.STEADY, RandomSearch::new);
        builtIn(GridSearch.NAME, GridSearch.SETTINGS, Kind.ENUMERATION, GridSearch::new);
        builtIn(RegularizedEvolution.NAME, RegularizedEvolution.SETTINGS, Kind.STEADY, RegularizedEvolution::new);
        builtIn(Nsga2.NAME, Nsga2.SETTINGS, Kind.GENERATIONAL, Nsga2::new);
        builtIn(OfaEvolution.NAME, OfaEvolution.SETTINGS, Kind.GENERATIONAL, OfaEvolution::new);
        builtIn(ParetoLocalSearch.NAME, ParetoLocalSearch.SETTINGS, Kind.STEADY, ParetoLocalSearch::new);
        builtIn(ReinforceSearch.NAME, ReinforceSearch.SETTINGS, Kind.STEADY, ReinforceSearch::new);
        builtIn(PredictorGuidedSearch.NAME, PredictorGuidedSearch.SETTINGS, Kind.STEADY, PredictorGuidedSearch::new);
        builtIn(BayesianSearch.NAME, BayesianSearch.SETTINGS, Kind.STEADY, BayesianSearch::new);
        builtIn(SuccessiveHalving.NAME, SuccessiveHalving.SETTINGS, Kind.MULTI_FIDELITY, SuccessiveHalving::new);
        builtIn(Hyperband.NAME, Hyperband.SETTINGS, Kind.MULTI_FIDELITY, Hyperband::new);
        builtIn(Asha.NAME, Asha.SETTINGS, Kind.MULTI_FIDELITY, Asha::new);
        builtIn(MedianStopping.NAME, MedianStopping.SETTINGS, Kind.MULTI_FIDELITY, MedianStopping::new);
    }

    private static void builtIn(String name, SettingGroup settings, Kind kind, Function<StrategyContext, Strategy> factory) {
        BUILT_IN.put(name, new BuiltIn(settings, kind, factory));
    }

    private Strategies() {
    }

    /**
     * @param strategy  the {@code strategy} object (its {@code name} picks a built-in strategy, or its
     *                  {@code class} names one of your own)
     * @param space     the space to search
     * @param goal      objectives and constraints
     * @param estimator metrics known before evaluation, used to meet constraints by resampling
     * @param seed      the seed of every random choice the strategy makes
     * @throws ConfigException naming the key when the configuration is wrong
     */
    public static Strategy create(StrictConfig strategy, SearchSpace space, Goal goal, CostEstimator estimator, long seed) {
        StrategyContext context = new StrategyContext(space, goal, estimator, seed, strategy);
        if (ownClass(strategy)) {
            return StrategyClasses.create(strategy, context);
        }
        BuiltIn builtIn = builtIn(strategy);
        builtIn.settings().checkKeys(strategy);
        return builtIn.factory().apply(context);
    }

    /** The names {@code strategy.name} accepts, in the order of the docs. */
    public static List<String> names() {
        return List.copyOf(BUILT_IN.keySet());
    }

    /**
     * The strategies a benchmark scores by default: all but enumerations, whose fixed order says
     * nothing about search quality, and the multi-fidelity ones, which need a table with a low fidelity.
     */
    public static List<String> searchNames() {
        return BUILT_IN.entrySet().stream().filter(e -> e.getValue().kind() == Kind.STEADY
                || e.getValue().kind() == Kind.GENERATIONAL).map(Map.Entry::getKey).toList();
    }

    /** The built-in multi-fidelity strategies ({@link Strategy.MultiFidelity}), in the order of the docs. */
    public static List<String> multiFidelityNames() {
        return BUILT_IN.entrySet().stream().filter(e -> e.getValue().kind() == Kind.MULTI_FIDELITY).map(Map.Entry::getKey)
                .toList();
    }

    /** Whether the built-in strategy {@code name} is multi-fidelity; false for a name that is not built in. */
    static boolean multiFidelity(String name) {
        BuiltIn builtIn = BUILT_IN.get(name);
        return builtIn != null && builtIn.kind() == Kind.MULTI_FIDELITY;
    }

    /** Each built-in strategy's settings, in the order of {@link #names()}, for the configuration reference. */
    public static List<SettingGroup> settingGroups() {
        return BUILT_IN.values().stream().map(BuiltIn::settings).toList();
    }

    /**
     * Whether the strategy of this {@code strategy} object breeds in generations of its own
     * {@code population} (so one generation of it is one ask of a search); a class of one's own
     * says so by implementing {@link Strategy.Generational}.
     */
    public static boolean generational(StrictConfig strategy) {
        if (ownClass(strategy)) {
            return Strategy.Generational.class.isAssignableFrom(StrategyClasses.load(strategy));
        }
        return builtIn(strategy).kind() == Kind.GENERATIONAL;
    }

    private static boolean ownClass(StrictConfig strategy) {
        if (!strategy.has(StrategySettings.CLASS)) {
            return false;
        }
        if (strategy.has(StrategySettings.NAME.key())) {
            throw strategy.error(StrategySettings.CLASS, "is set together with '" + strategy.key(StrategySettings.NAME.key())
                    + "'; give either name (a built-in strategy) or class (your own), not both");
        }
        return true;
    }

    private static BuiltIn builtIn(StrictConfig strategy) {
        String name = strategy.string(StrategySettings.NAME.key());
        BuiltIn builtIn = BUILT_IN.get(name);
        if (builtIn == null) {
            throw strategy.error(StrategySettings.NAME.key(), "unknown strategy '" + name + "'; use one of "
                    + String.join(", ", BUILT_IN.keySet()) + ", or name a class of your own in strategy.class");
        }
        return builtIn;
    }
}
