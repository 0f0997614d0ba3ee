package org.sparknas.strategy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.sparknas.space.Architecture;
import org.sparknas.space.SearchSpace;

/**
 * The part every strategy shares: {@code ask(n)} is {@link #next()} called until it has {@code n}
 * candidates or the strategy has none left, and {@code tell} marks each told architecture as known
 * (refusing one of another space) before handing the trial to {@link #told}. The known set and the
 * constraints known before evaluation live in {@link #proposals}, so a strategy cannot propose an
 * architecture twice or one that breaks such a constraint if it takes its candidates from there.
 *
 * <p>A strategy of your own can extend this class and be named in {@code strategy.class}; see
 * {@link StrategyContext}.
 */
public abstract class ProposingStrategy implements Strategy {

    private final String name;
    /** The space searched. */
    protected final SearchSpace space;
    /** The known architectures and the one way new feasible candidates are taken. */
    protected final Proposals proposals;
    private long told;

    /**
     * @param maxTries random draws per candidate before a constraint is reported as unsatisfiable
     */
    protected ProposingStrategy(String name, SearchSpace space, Goal goal, CostEstimator estimator, int maxTries) {
        this.name = name;
        this.space = space;
        this.proposals = new Proposals(space, new Feasibility(goal, estimator), maxTries);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final List<Architecture> ask(int n) {
        List<Architecture> out = new ArrayList<>(AskCount.check(n));
        for (int i = 0; i < n; i++) {
            Optional<Architecture> next = next();
            if (next.isEmpty()) {
                break;
            }
            out.add(next.get());
        }
        return out;
    }

    /** The next candidate, already taken from {@link #proposals}; empty when the strategy has none left. */
    protected abstract Optional<Architecture> next();

    @Override
    public final void tell(List<Trial> results) {
        for (Trial trial : results) {
            proposals.markTold(trial);
            told(trial, told++);
        }
    }

    /**
     * One told trial, in the order asked; {@code order} is its position among all told trials.
     * Does nothing by default (a strategy that learns nothing from results, such as random search).
     */
    protected void told(Trial trial, long order) {
    }
}
