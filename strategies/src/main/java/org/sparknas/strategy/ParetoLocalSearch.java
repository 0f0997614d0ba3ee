package org.sparknas.strategy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.sparknas.config.Setting;
import org.sparknas.config.SettingGroup;
import org.sparknas.config.StrictConfig;
import org.sparknas.space.Architecture;
import org.sparknas.space.MutationRates;
import org.sparknas.space.SearchSpace;

/**
 * Pareto local search with NSGA-II moves: the best multi-objective strategy on the tabular benchmarks.
 *
 * <p>The idea: in a discrete architecture space the Pareto front is mostly reached by small
 * steps from points already on or near it (one operation, kernel or depth changed), and a budget
 * of a few hundred evaluations is too small to spend on the many generations NSGA-II needs to
 * get there by recombination alone. So, after {@code initial} random candidates, most candidates
 * are unexplored one-gene neighbours of the current best front (Paquete et al.'s Pareto local
 * search): the member to expand is chosen by a binary tournament on crowding distance, so sparse
 * stretches and the ends of the front are filled first, and a member whose neighbours are all
 * known is skipped. When the first front is fully explored, the next {@code fronts - 1} fronts are
 * expanded, which steps over gaps in the neighbourhood graph. With probability {@code exploration}
 * (and whenever no neighbour is left) a candidate is instead an NSGA-II child of the elite
 * (binary tournament on rank and crowding, uniform crossover with {@code crossoverProbability},
 * one gene mutated on average), the global move that keeps the search from settling on one
 * region.
 *
 * <p>The elite is the trials of the first {@code fronts} fronts under Deb's constrained
 * domination (feasible before infeasible, then by violation). Deterministic for a seed
 * and the told results; never proposes a known architecture; neighbours that break a constraint
 * the {@link CostEstimator} can check are never proposed; failed trials never enter the elite.
 */
public final class ParetoLocalSearch extends ProposingStrategy {

    public static final String NAME = "pareto-local-search";

    static final Setting<Integer> INITIAL = Setting.integer("initial", 10,
            "random candidates before the local search starts").positive();
    static final Setting<Double> EXPLORATION = Setting.number("exploration", 0.1,
            "chance that a candidate is an NSGA-II child of the elite instead of a neighbour").probability();
    static final Setting<Double> CROSSOVER_PROBABILITY = Setting.number("crossover-probability", 0.5,
            "chance that such a child is a crossover of two elite members (else a mutant of one)").probability();
    static final Setting<Integer> FRONTS = Setting.integer("fronts", 3, "fronts kept in the elite and expanded, best first")
            .positive();
    static final SettingGroup SETTINGS = StrategySettings.group(NAME,
            "Pareto local search with NSGA-II moves, multi-objective", INITIAL, EXPLORATION, CROSSOVER_PROBABILITY, FRONTS,
            StrategySettings.MAX_TRIES);

    /**
     * @param initial              random candidates before the local search starts
     * @param exploration          chance that a candidate is an NSGA-II child instead of a neighbour
     * @param crossoverProbability chance that such a child is a crossover of two elite members (else a mutant of one)
     * @param fronts               fronts kept in the elite and expanded, best first
     * @param maxTries             draws per candidate before giving up on a constraint
     */
    public record Settings(int initial, double exploration, double crossoverProbability, int fronts, int maxTries) {

        public static final Settings DEFAULTS = new Settings(StrategySettings.defaultOf(INITIAL),
                StrategySettings.defaultOf(EXPLORATION), StrategySettings.defaultOf(CROSSOVER_PROBABILITY),
                StrategySettings.defaultOf(FRONTS), StrategySettings.defaultOf(StrategySettings.MAX_TRIES));

        static Settings read(StrictConfig c) {
            return new Settings(INITIAL.read(c), EXPLORATION.read(c), CROSSOVER_PROBABILITY.read(c), FRONTS.read(c),
                    StrategySettings.MAX_TRIES.read(c));
        }
    }

    /** Children drawn from the elite before falling back to a random candidate. */
    static final int VARIATION_TRIES = 100;

    private final Settings settings;
    private final SplittableRandom rng;
    private final Scoring scoring;
    private final MutationRates rates;
    /** Per elite member, its neighbours not yet known (computed when first needed). */
    private final Map<Architecture, List<Architecture>> open = new HashMap<>();
    private List<Scored> elite = List.of();
    private ConstrainedRanking.Ranked ranked;
    private int randomProposed;

    public ParetoLocalSearch(SearchSpace space, Goal goal, CostEstimator estimator, Settings settings, long seed) {
        super(NAME, space, goal, estimator, settings.maxTries());
        this.settings = settings;
        this.rng = new SplittableRandom(seed);
        this.scoring = new Scoring(goal, estimator);
        this.rates = MutationRates.uniform(1.0 / space.dimensions().size());
    }

    ParetoLocalSearch(StrategyContext context) {
        this(context.space(), context.goal(), context.estimator(), Settings.read(context.config()), context.seed());
    }

    @Override
    protected Optional<Architecture> next() {
        if (randomProposed < settings.initial() || elite.isEmpty()) {
            randomProposed++;
            return proposals.random(rng);
        }
        if (rng.nextDouble() >= settings.exploration()) {
            Optional<Architecture> neighbour = neighbourOfElite();
            if (neighbour.isPresent()) {
                return neighbour;
            }
        }
        return proposals.varyOrRandom(this::child, VARIATION_TRIES, rng);
    }

    /** An open neighbour of a member of the best front that has any, the member picked by crowding. */
    private Optional<Architecture> neighbourOfElite() {
        int n = ranked.members().size();
        for (int front = 0; front < settings.fronts(); front++) {
            List<Integer> expandable = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (ranked.rank()[i] == front && !openNeighbours(ranked.members().get(i).architecture()).isEmpty()) {
                    expandable.add(i);
                }
            }
            if (expandable.isEmpty()) {
                continue;
            }
            int a = expandable.get(rng.nextInt(expandable.size()));
            int b = expandable.get(rng.nextInt(expandable.size()));
            int member = ranked.crowding()[b] > ranked.crowding()[a] ? b : a;
            List<Architecture> candidates = openNeighbours(ranked.members().get(member).architecture());
            Architecture chosen = candidates.remove(rng.nextInt(candidates.size()));
            proposals.markKnown(chosen);
            return Optional.of(chosen);
        }
        return Optional.empty();
    }

    private List<Architecture> openNeighbours(Architecture member) {
        List<Architecture> list = open.computeIfAbsent(member,
                m -> proposals.newAndFeasible(Variation.neighbours(space, m)));
        list.removeIf(proposals::isKnown);
        return list;
    }

    private Architecture child() {
        return NsgaMoves.child(space, ranked, settings.crossoverProbability(), rates, rng);
    }

    @Override
    protected void told(Trial trial, long order) {
        if (trial.isOk()) {
            admit(scoring.score(trial, order));
        }
    }

    /**
     * Adds a trial to the elite if it belongs to its first fronts. A trial's rank can only grow as
     * others arrive, so one that falls out never comes back: keeping only the elite is exact, and
     * a trial that is outside it from the start (most of them, late in a run) costs one pass.
     */
    private void admit(Scored trial) {
        if (ranked != null && ConstrainedRanking.rankAmong(ranked, trial) >= settings.fronts()) {
            return;
        }
        List<Scored> grown = new ArrayList<>(elite);
        grown.add(trial);
        ConstrainedRanking.Ranked all = ConstrainedRanking.rank(grown);
        List<Scored> kept = new ArrayList<>();
        for (int i = 0; i < grown.size(); i++) {
            if (all.rank()[i] < settings.fronts()) {
                kept.add(grown.get(i));
            }
        }
        elite = List.copyOf(kept);
        ranked = ConstrainedRanking.rank(elite);
        open.keySet().retainAll(elite.stream().map(Scored::architecture).toList());
    }
}
