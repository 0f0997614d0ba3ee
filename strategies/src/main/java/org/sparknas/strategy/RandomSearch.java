package org.sparknas.strategy;

import java.util.Optional;
import java.util.SplittableRandom;
import org.sparknas.config.SettingGroup;
import org.sparknas.config.StrictConfig;
import org.sparknas.space.Architecture;
import org.sparknas.space.SearchSpace;

/**
 * Uniform random search, the baseline every other strategy must beat. Candidates are drawn
 * uniformly per dimension; those that break a constraint the {@link CostEstimator} can check are
 * rejected and redrawn (at most {@code maxTries} draws per candidate, after which the constraint is
 * reported as unsatisfiable), and no architecture is proposed twice.
 */
public final class RandomSearch extends ProposingStrategy {

    public static final String NAME = "random";

    static final SettingGroup SETTINGS = StrategySettings.group(NAME, "uniform random search, the baseline",
            StrategySettings.MAX_TRIES);

    /** @param maxTries draws per candidate before giving up on a constraint */
    public record Settings(int maxTries) {

        public static final Settings DEFAULTS = new Settings(StrategySettings.defaultOf(StrategySettings.MAX_TRIES));

        static Settings read(StrictConfig c) {
            return new Settings(StrategySettings.MAX_TRIES.read(c));
        }
    }

    private final SplittableRandom rng;

    public RandomSearch(SearchSpace space, Goal goal, CostEstimator estimator, Settings settings, long seed) {
        super(NAME, space, goal, estimator, settings.maxTries());
        this.rng = new SplittableRandom(seed);
    }

    RandomSearch(StrategyContext context) {
        this(context.space(), context.goal(), context.estimator(), Settings.read(context.config()), context.seed());
    }

    @Override
    protected Optional<Architecture> next() {
        return proposals.random(rng);
    }
}
