package org.sparknas.strategy;

import java.math.BigInteger;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.sparknas.config.Setting;
import org.sparknas.config.SettingGroup;
import org.sparknas.config.StrictConfig;
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
public final class GridSearch extends ProposingStrategy {

    public static final String NAME = "grid";

    static final Setting<List<String>> DIMENSIONS = Setting.strings("dimensions", List.of("*"),
            "dimension names or globs to enumerate, e.g. [\"kernel.1.*\"]; the others come from base")
            .check(l -> !l.isEmpty(), "non-empty (name at least one dimension or glob, \"*\" for all)");
    static final Setting<String> BASE = Setting.string("base", "",
            "the key of the architecture that fixes the other dimensions; empty for the space's smallest");
    static final Setting<Long> CAP = Setting.longInteger("cap", 100_000L, "the largest grid accepted").positive();
    static final SettingGroup SETTINGS = StrategySettings.group(NAME,
            "every combination of some dimensions, in order (not a search: for sweeps)", DIMENSIONS, BASE, CAP);

    /**
     * @param dimensions dimension names or globs to enumerate; the others come from {@code base}
     * @param base       the key of the architecture that fixes the other dimensions; empty for the
     *                   space's smallest architecture
     * @param cap        the largest grid accepted
     */
    public record Settings(List<String> dimensions, Optional<String> base, long cap) {

        public static final Settings DEFAULTS = new Settings(StrategySettings.defaultOf(DIMENSIONS), Optional.empty(),
                StrategySettings.defaultOf(CAP));

        public Settings {
            dimensions = List.copyOf(dimensions);
        }

        /** Reads and checks the settings against {@code space}: the dimensions exist, the base parses, the grid fits the cap. */
        static Settings read(StrictConfig c, SearchSpace space) {
            List<String> dimensions = DIMENSIONS.read(c);
            List<Integer> indices;
            try {
                indices = space.matchDimensions(dimensions);
            } catch (IllegalArgumentException e) {
                throw c.error(DIMENSIONS.key(), e.getMessage());
            }
            String base = BASE.read(c);
            if (!base.isEmpty()) {
                try {
                    space.parse(base);
                } catch (IllegalArgumentException e) {
                    throw c.error(BASE.key(), e.getMessage());
                }
            }
            long cap = CAP.read(c);
            Optional<String> tooLarge = tooLarge(space, indices, cap);
            if (tooLarge.isPresent()) {
                throw c.error(CAP.key(), tooLarge.get());
            }
            return new Settings(dimensions, base.isEmpty() ? Optional.empty() : Optional.of(base), cap);
        }
    }

    private final Iterator<Architecture> grid;
    private final BigInteger size;

    public GridSearch(SearchSpace space, Goal goal, CostEstimator estimator, Settings settings) {
        // A grid never draws at random, so it needs no budget of random draws.
        super(NAME, space, goal, estimator, 1);
        List<Integer> indices = space.matchDimensions(settings.dimensions());
        this.size = space.gridSize(indices);
        Optional<String> tooLarge = tooLarge(space, indices, settings.cap());
        if (tooLarge.isPresent()) {
            throw new IllegalArgumentException(tooLarge.get());
        }
        Architecture base = settings.base().map(space::parse).orElseGet(space::smallest);
        this.grid = space.grid(indices, base).iterator();
    }

    GridSearch(StrategyContext context) {
        this(context.space(), context.goal(), context.estimator(), Settings.read(context.config(), context.space()));
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
    protected Optional<Architecture> next() {
        while (grid.hasNext()) {
            Architecture next = grid.next();
            Optional<Architecture> taken = proposals.tryPropose(() -> next, 1);
            if (taken.isPresent()) {
                return taken;
            }
        }
        proposals.checkSatisfiable("the whole grid (" + size + " combinations)");
        return Optional.empty();
    }
}
