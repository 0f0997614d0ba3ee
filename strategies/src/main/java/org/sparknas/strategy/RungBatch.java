package org.sparknas.strategy;

import java.util.ArrayList;
import java.util.List;
import org.sparknas.space.Architecture;

/**
 * The last batch a multi-fidelity strategy without brackets ({@link Asha}, {@link MedianStopping})
 * asked, and the ask/tell contract around it: one ask, then one tell of exactly those candidates in
 * that order. The batch is the promotions first, then the base strategy's new candidates at rung
 * 0; the base is told those, once each, with their rung-0 results.
 */
final class RungBatch {

    private final String strategy;
    private List<RungCandidate> pending = List.of();
    private int fromBase;

    RungBatch(String strategy) {
        this.strategy = strategy;
    }

    /** What {@code ask(n)} of a multi-fidelity strategy throws: each candidate needs its rung. */
    static UnsupportedOperationException plainAskRefused(String strategy) {
        return new UnsupportedOperationException(strategy + " is a multi-fidelity strategy: ask it with askAtRungs(n) and"
                + " measure each candidate at its rung's fidelity");
    }

    /** Refuses a second ask before the last one was told. */
    void checkTold() {
        if (!pending.isEmpty()) {
            throw new IllegalStateException(strategy + " was asked again before the " + pending.size()
                    + " candidates of its last ask were told");
        }
    }

    /** Records and returns the batch: {@code promotions} as given, then {@code drawn} (the base's) at rung 0. */
    List<RungCandidate> ask(List<RungCandidate> promotions, List<Architecture> drawn) {
        checkTold();
        List<RungCandidate> out = new ArrayList<>(promotions);
        drawn.forEach(a -> out.add(new RungCandidate(a, 0)));
        fromBase = drawn.size();
        pending = List.copyOf(out);
        return pending;
    }

    /**
     * Checks that {@code results} answer the batch, candidate by candidate, tells {@code base} the
     * results of its candidates and returns the batch, which is then closed.
     */
    List<RungCandidate> tell(List<Trial> results, Strategy base) {
        if (results.size() != pending.size()) {
            throw new IllegalArgumentException(strategy + " was told " + results.size() + " trials for the " + pending.size()
                    + " candidates it was asked for");
        }
        for (int i = 0; i < results.size(); i++) {
            if (!results.get(i).architecture().equals(pending.get(i).architecture())) {
                throw new IllegalArgumentException(strategy + " was told trial " + i + " of " + results.get(i).architecture().key()
                        + " where it asked for " + pending.get(i).architecture().key());
            }
        }
        if (fromBase > 0) {
            base.tell(results.subList(results.size() - fromBase, results.size()));
        }
        List<RungCandidate> asked = pending;
        pending = List.of();
        fromBase = 0;
        return asked;
    }
}
