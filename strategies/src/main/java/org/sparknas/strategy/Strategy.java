package org.sparknas.strategy;

import java.util.List;
import org.sparknas.space.Architecture;

/**
 * Ask-and-tell search: the caller asks for candidates, evaluates them however it likes (a table,
 * a function, a Spark job), and tells the results back.
 *
 * <p>Contract: for a given seed and the same sequence of asks and told results, a strategy
 * proposes the same candidates; that is what makes a resumed run replay exactly. {@code tell}
 * receives the trials of the previous {@code ask} in the order they were asked. A strategy does
 * not propose an architecture it has proposed before unless the space is exhausted, so no
 * evaluation is spent twice; it may return fewer than {@code n} candidates when the space (or the
 * grid) has no more.
 */
public interface Strategy {

    /** A short name used in logs and the trials table, e.g. {@code nsga2}. */
    String name();

    List<Architecture> ask(int n);

    void tell(List<Trial> results);

    /**
     * Marks a strategy that breeds in generations of its own {@code population} key: a search then
     * sets that key to its generation size unless the configuration gives it.
     */
    interface Generational {
    }

    /**
     * Marks a strategy that can learn from trials measured before the search (earlier runs of the
     * same supernet): {@link #warmStart} is called once, before the first {@code ask}. Those trials
     * are learnt from and never proposed again.
     */
    interface WarmStart {

        void warmStart(List<Trial> prior);
    }

    /**
     * A strategy that measures candidates at several fidelities (rungs) and decides itself which
     * ones go on to the next: successive halving, Hyperband, ASHA. The rungs are the fidelities of
     * {@link #lowRungs()}, increasing, then the search's full fidelity; rung {@code r} is
     * {@code lowRungs().get(r)}, rung {@code lowRungs().size()} the full one. The same
     * architecture may come back at a higher rung (a promotion), never twice at one rung.
     *
     * <p>The caller asks with {@link #askAtRungs} instead of {@link Strategy#ask} (which such a
     * strategy refuses: a caller that knows no fidelity cannot run it), measures each candidate
     * at its rung's fidelity, and tells the trials in the order asked, as for any strategy. The
     * determinism contract is the same: the same told results give the same candidates and rungs.
     */
    interface MultiFidelity {

        /** The fidelities below the full one, increasing, each positive (from the strategy's settings). */
        List<Integer> lowRungs();

        /** Up to {@code n} candidates, each with the rung to measure it at; empty when there are none left. */
        List<RungCandidate> askAtRungs(int n);
    }
}
