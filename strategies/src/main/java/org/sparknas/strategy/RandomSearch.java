package org.sparknas.strategy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.sparknas.space.Architecture;
import org.sparknas.space.SearchSpace;

/**
 * Uniform random search, the baseline every other strategy must beat. Candidates are drawn
 * uniformly per dimension; those that break a constraint the {@link CostEstimator} can check are
 * rejected and redrawn (at most {@code maxTries} draws per candidate, after which the constraint is
 * reported as unsatisfiable), and no architecture is proposed twice.
 */
public final class RandomSearch implements Strategy {

    public static final String NAME = "random";

    /** @param maxTries draws per candidate before giving up on a constraint */
    public record Settings(int maxTries) {

        public static final Settings DEFAULTS = new Settings(10_000);

        public Settings {
            if (maxTries <= 0) {
                throw new IllegalArgumentException("max-tries must be positive, got " + maxTries);
            }
        }
    }

    private final SplittableRandom rng;
    private final Proposals proposals;

    public RandomSearch(SearchSpace space, Goal goal, CostEstimator estimator, Settings settings, long seed) {
        this.rng = new SplittableRandom(seed);
        this.proposals = new Proposals(space, new Feasibility(goal, estimator), settings.maxTries());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Architecture> ask(int n) {
        List<Architecture> out = new ArrayList<>(AskCount.check(n));
        for (int i = 0; i < n; i++) {
            Optional<Architecture> next = proposals.random(rng);
            if (next.isEmpty()) {
                break;
            }
            out.add(next.get());
        }
        return out;
    }

    @Override
    public void tell(List<Trial> results) {
        results.forEach(proposals::markTold);
    }
}
