package org.sparknas.search;

import java.util.Optional;
import java.util.SplittableRandom;
import org.sparknas.space.Architecture;
import org.sparknas.strategy.ProposingStrategy;
import org.sparknas.strategy.StrategyContext;
import org.sparknas.strategy.Strategy;
import org.sparknas.strategy.Trial;

/** A strategy of one's own, named by {@code strategy.class} in {@link SearchSettingsTest}: random, generational. */
public class FirstFeasible extends ProposingStrategy implements Strategy.Generational {

    private final SplittableRandom rng;

    public FirstFeasible(StrategyContext context) {
        super("first-feasible", context.space(), context.goal(), context.estimator(), 1_000);
        this.rng = new SplittableRandom(context.seed());
    }

    @Override
    protected Optional<Architecture> next() {
        return proposals.random(rng);
    }

    @Override
    protected void told(Trial trial, long order) {
    }
}
