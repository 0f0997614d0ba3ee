package org.sparknas.strategy;

import java.math.BigInteger;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;
import org.sparknas.space.Architecture;
import org.sparknas.space.SearchSpace;

/**
 * Every architecture a strategy has proposed (or been told about), and the one way new candidates
 * get in: new, and feasible by the constraints known before evaluation. This is what keeps a
 * strategy from spending an evaluation twice, and what turns "all tries failed" into either the
 * end of the space or an error naming the unsatisfiable constraint. {@link ProposingStrategy}
 * owns one per strategy and marks every told trial in it.
 */
public final class Proposals {

    /** Spaces up to this size are enumerated when random sampling keeps hitting known architectures. */
    static final int ENUMERABLE = 1 << 18;

    /** Random draws tried in an enumerable space before enumerating what is left instead. */
    private static final int DRAWS_BEFORE_ENUMERATING = 256;

    private final SearchSpace space;
    private final Feasibility feasibility;
    private final int maxTries;
    private final Set<Architecture> known = new HashSet<>();
    private final boolean enumerable;

    Proposals(SearchSpace space, Feasibility feasibility, int maxTries) {
        if (maxTries <= 0) {
            throw new IllegalArgumentException("max tries must be positive, got " + maxTries);
        }
        this.space = space;
        this.feasibility = feasibility;
        this.maxTries = maxTries;
        this.enumerable = space.size().compareTo(BigInteger.valueOf(ENUMERABLE)) <= 0;
    }

    public boolean isKnown(Architecture arch) {
        return known.contains(arch);
    }

    /** Marks an architecture as taken (a candidate taken without {@link #tryPropose}). */
    public void markKnown(Architecture arch) {
        known.add(arch);
    }

    /**
     * Marks the architecture of a told trial as taken, after checking that it is a point of this
     * space: a trial of another space (a stored run resumed with the wrong configuration) is
     * refused here, by name, instead of failing later inside a crossover.
     */
    void markTold(Trial trial) {
        known.add(checkBelongs(space, trial.architecture()));
    }

    static Architecture checkBelongs(SearchSpace space, Architecture arch) {
        Architecture own;
        try {
            own = space.architecture(arch.genes());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("told a trial of architecture " + arch.key() + ", which is not in space '"
                    + space.name() + "': " + e.getMessage(), e);
        }
        if (!own.equals(arch)) {
            throw new IllegalArgumentException("told a trial of architecture " + arch.key() + ", which space '" + space.name()
                    + "' writes as " + own.key() + ": it belongs to another space");
        }
        return arch;
    }

    /** The members of {@code candidates} that are new and meet the constraints known before evaluation. */
    public List<Architecture> newAndFeasible(List<Architecture> candidates) {
        return candidates.stream().filter(a -> !known.contains(a)).filter(feasibility::test)
                .collect(java.util.stream.Collectors.toCollection(java.util.ArrayList::new));
    }

    /**
     * Tries {@code generator} up to {@code tries} times and takes the first candidate that is new
     * and feasible; empty when none was. The caller decides what to fall back on.
     */
    public Optional<Architecture> tryPropose(Supplier<Architecture> generator, int tries) {
        for (int t = 0; t < tries; t++) {
            Architecture candidate = generator.get();
            if (!known.contains(candidate) && feasibility.test(candidate)) {
                known.add(candidate);
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * A new feasible architecture drawn uniformly (per dimension, then canonicalised). Empty only
     * when none is left: in a small space that is checked by enumeration, in a large one it is
     * assumed after {@code maxTries} draws. Throws when no draw has ever met the constraints.
     */
    public Optional<Architecture> random(RandomGenerator rng) {
        int draws = enumerable ? Math.min(maxTries, DRAWS_BEFORE_ENUMERATING) : maxTries;
        Optional<Architecture> drawn = tryPropose(() -> space.sample(rng), draws);
        if (drawn.isPresent()) {
            return drawn;
        }
        if (enumerable) {
            List<Architecture> left = space.grid(IntStream.range(0, space.dimensions().size()).boxed().toList(),
                    space.smallest()).filter(a -> !known.contains(a)).filter(feasibility::test).toList();
            if (!left.isEmpty()) {
                Architecture pick = left.get(rng.nextInt(left.size()));
                known.add(pick);
                return Optional.of(pick);
            }
            checkSatisfiable("the whole space (" + space.size() + " architectures)");
            return Optional.empty();
        }
        checkSatisfiable(draws + " random draws (strategy.max-tries)");
        return Optional.empty();
    }

    /**
     * Throws, naming the constraint and the closest value seen, when no candidate has ever met the
     * constraints known before evaluation after {@code tried} (e.g. "the whole grid").
     */
    void checkSatisfiable(String tried) {
        if (feasibility.accepted() == 0 && feasibility.checksAnything()) {
            throw feasibility.unsatisfiable(space, tried);
        }
    }

    /** A variation of existing candidates if one is new and feasible within a few tries, else a random one. */
    public Optional<Architecture> varyOrRandom(Supplier<Architecture> variation, int tries, RandomGenerator rng) {
        Optional<Architecture> varied = tryPropose(variation, tries);
        return varied.isPresent() ? varied : random(rng);
    }
}
