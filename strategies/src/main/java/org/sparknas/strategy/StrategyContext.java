package org.sparknas.strategy;

import org.sparknas.config.StrictConfig;
import org.sparknas.space.SearchSpace;

/**
 * What a strategy is built from. A class named in {@code strategy.class} needs a public
 * constructor taking this record; it reads its own keys from {@code config} (the whole
 * {@code strategy} object, {@code class} included) and should refuse keys it does not know.
 *
 * @param space     the space to search
 * @param goal      objectives and constraints
 * @param estimator metrics known before evaluation, to meet constraints by resampling
 * @param seed      the seed of every random choice the strategy makes
 * @param config    the {@code strategy} object
 */
public record StrategyContext(SearchSpace space, Goal goal, CostEstimator estimator, long seed, StrictConfig config) {
}
