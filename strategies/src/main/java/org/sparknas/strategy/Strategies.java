package org.sparknas.strategy;

import java.util.List;
import org.sparknas.config.StrictConfig;
import org.sparknas.space.SearchSpace;

/**
 * Builds a strategy from its configuration object, e.g.
 * {@code strategy { name = nsga2, population = 20 }}. Every setting is checked here, with the key
 * and value in the message, so that a typo or an impossible value stops the run before anything
 * is evaluated. The defaults, and what each key means, are in conf/strategies.conf.
 */
public final class Strategies {

    /** The names {@code strategy.name} accepts. */
    public static final List<String> NAMES = List.of(RandomSearch.NAME, GridSearch.NAME, RegularizedEvolution.NAME,
            Nsga2.NAME, OfaEvolution.NAME, ParetoLocalSearch.NAME);

    private Strategies() {
    }

    /**
     * @param strategy  the {@code strategy} object (its {@code name} picks the strategy)
     * @param space     the space to search
     * @param goal      objectives and constraints
     * @param estimator metrics known before evaluation, used to meet constraints by resampling
     * @param seed      the seed of every random choice the strategy makes
     * @throws org.sparknas.config.ConfigException naming the key when the configuration is wrong
     */
    public static Strategy create(StrictConfig strategy, SearchSpace space, Goal goal, CostEstimator estimator, long seed) {
        String name = strategy.string(StrategySettings.NAME);
        return switch (name) {
            case RandomSearch.NAME -> new RandomSearch(space, goal, estimator, StrategySettings.random(strategy), seed);
            case GridSearch.NAME -> new GridSearch(space, goal, estimator, StrategySettings.grid(strategy, space));
            case RegularizedEvolution.NAME -> new RegularizedEvolution(space, goal, estimator,
                    StrategySettings.regularizedEvolution(strategy, space), seed);
            case Nsga2.NAME -> new Nsga2(space, goal, estimator, StrategySettings.nsga2(strategy, space), seed);
            case OfaEvolution.NAME -> new OfaEvolution(space, goal, estimator, StrategySettings.ofaEvolution(strategy), seed);
            case ParetoLocalSearch.NAME -> new ParetoLocalSearch(space, goal, estimator,
                    StrategySettings.paretoLocalSearch(strategy), seed);
            default -> throw StrategySettings.unknown(strategy, name, NAMES);
        };
    }
}
