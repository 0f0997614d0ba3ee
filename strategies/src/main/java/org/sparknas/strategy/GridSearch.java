package org.sparknas.strategy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.sparknas.space.Architecture;
import org.sparknas.space.SearchSpace;

/**
 * Every combination of the values of some dimensions (named, or matched by globs such as
 * {@code kernel.1.*}), the other dimensions fixed to a base architecture, in lexicographic order.
 * Combinations that canonicalise to the same network are visited once; those that break a
 * constraint the {@link CostEstimator} can check are skipped. A grid larger than the cap is refused
 * up front with its size, since a grid is the one strategy that can ask for more evaluations than
 * anyone meant.
 */
public final class GridSearch implements Strategy {

    public static final String NAME = "grid";

    /**
     * @param dimensions dimension names or globs to enumerate; the others come from {@code base}
     * @param base       the key of the architecture that fixes the other dimensions; empty for the
     *                   space's smallest architecture
     * @param cap        the largest grid accepted
     */
    public record Settings(List<String> dimensions, Optional<String> base, long cap) {

        public static final Settings DEFAULTS = new Settings(List.of("*"), Optional.empty(), 100_000);

        public Settings {
            dimensions = List.copyOf(dimensions);
            if (dimensions.isEmpty()) {
                throw new IllegalArgumentException("dimensions is empty; name at least one dimension or glob (\"*\" for all)");
            }
            if (cap <= 0) {
                throw new IllegalArgumentException("cap must be positive, got " + cap);
            }
        }
    }

    private final SearchSpace space;
    private final Feasibility feasibility;
    private final Set<Architecture> known = new HashSet<>();
    private final Iterator<Architecture> grid;
    private final BigInteger size;

    public GridSearch(SearchSpace space, Goal goal, CostEstimator estimator, Settings settings) {
        this.space = space;
        List<Integer> indices = space.matchDimensions(settings.dimensions());
        this.size = space.gridSize(indices);
        Optional<String> tooLarge = tooLarge(space, indices, settings.cap());
        if (tooLarge.isPresent()) {
            throw new IllegalArgumentException(tooLarge.get());
        }
        Architecture base = settings.base().map(space::parse).orElseGet(space::smallest);
        this.feasibility = new Feasibility(goal, estimator);
        this.grid = space.grid(indices, base).iterator();
    }

    /** Why a grid over {@code indices} is refused under {@code cap}, with its size; empty when it is not. */
    static Optional<String> tooLarge(SearchSpace space, List<Integer> indices, long cap) {
        BigInteger size = space.gridSize(indices);
        if (size.compareTo(BigInteger.valueOf(cap)) <= 0) {
            return Optional.empty();
        }
        List<String> names = indices.stream().map(i -> space.dimensions().get(i).name()).toList();
        return Optional.of("the grid over " + names.size() + " dimensions " + abbreviate(names) + " has " + size
                + " combinations, more than the cap of " + cap + "; name fewer dimensions or raise the cap");
    }

    private static String abbreviate(List<String> names) {
        return names.size() <= 8 ? names.toString()
                : "[" + String.join(", ", names.subList(0, 8)) + ", ... (" + (names.size() - 8) + " more)]";
    }

    /** The number of combinations the grid visits (before de-duplication and constraints). */
    public BigInteger size() {
        return size;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Architecture> ask(int n) {
        List<Architecture> out = new ArrayList<>(AskCount.check(n));
        while (out.size() < n && grid.hasNext()) {
            Architecture next = grid.next();
            if (!known.contains(next) && feasibility.test(next)) {
                known.add(next);
                out.add(next);
            }
        }
        if (out.isEmpty() && n > 0 && !grid.hasNext() && feasibility.accepted() == 0 && feasibility.checksAnything()) {
            throw feasibility.unsatisfiable(space, "the whole grid (" + size + " combinations)");
        }
        return out;
    }

    @Override
    public void tell(List<Trial> results) {
        results.forEach(t -> known.add(Proposals.checkBelongs(space, t.architecture())));
    }
}
