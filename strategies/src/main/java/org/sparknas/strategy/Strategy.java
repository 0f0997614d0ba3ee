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
}
