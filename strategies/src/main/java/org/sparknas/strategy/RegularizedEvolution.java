package org.sparknas.strategy;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.sparknas.config.Setting;
import org.sparknas.config.SettingGroup;
import org.sparknas.config.StrictConfig;
import org.sparknas.space.Architecture;
import org.sparknas.space.SearchSpace;

/**
 * Regularized (aging) evolution, Real et al. 2019: a population of the {@code population} most
 * recently evaluated architectures; each child is a mutation of the fittest of {@code sample}
 * members drawn at random, and each told child pushes the oldest member out (the oldest, not the
 * worst: that ageing is the regularisation). The first {@code population} candidates are random.
 *
 * <p>Single-objective: fitness is {@link Goal#fitness} (the MnasNet reward when set, else the
 * first objective); an infeasible trial loses to every feasible one and to those that violate
 * less. A mutation changes {@code mutatedGenes} genes; when every such neighbour of the parent
 * is already known, one more gene is changed, and after that a random architecture is taken, so
 * the search never proposes an architecture twice. Failed trials never enter the population.
 */
public final class RegularizedEvolution extends ProposingStrategy {

    public static final String NAME = "regularized-evolution";

    static final Setting<Integer> POPULATION = Setting.integer(StrategySettings.POPULATION, 20,
            "members kept: the most recently evaluated (the ageing window)").positive();
    static final Setting<Integer> SAMPLE = Setting.integer("sample", 10,
            "members drawn per tournament, at most the population (the default is clamped to it)").positive();
    static final Setting<Integer> MUTATED_GENES = Setting.integer("mutated-genes", 1,
            "genes changed per mutation, at most the space's dimensions").positive();
    static final SettingGroup SETTINGS = StrategySettings.group(NAME,
            "regularized (ageing) evolution, single-objective on the fitness", POPULATION, SAMPLE, MUTATED_GENES,
            StrategySettings.MAX_TRIES);

    /**
     * @param population   members kept (P)
     * @param sample       members drawn per tournament (S), at most P
     * @param mutatedGenes genes changed per mutation
     * @param maxTries     draws per candidate before giving up on a constraint
     */
    public record Settings(int population, int sample, int mutatedGenes, int maxTries) {

        public static final Settings DEFAULTS = new Settings(StrategySettings.defaultOf(POPULATION),
                StrategySettings.defaultOf(SAMPLE), StrategySettings.defaultOf(MUTATED_GENES),
                StrategySettings.defaultOf(StrategySettings.MAX_TRIES));

        /** Reads the settings; a sample larger than the population, or more genes than dimensions, is refused. */
        static Settings read(StrictConfig c, SearchSpace space) {
            int population = POPULATION.read(c);
            int sample = c.has(SAMPLE.key()) ? SAMPLE.read(c) : Math.min(StrategySettings.defaultOf(SAMPLE), population);
            if (sample > population) {
                throw c.error(SAMPLE.key(), "is " + sample + ", larger than the population (" + population
                        + "); a tournament draws its sample from the population");
            }
            int genes = MUTATED_GENES.read(c);
            StrategySettings.atMostDimensions(c, MUTATED_GENES.key(), genes, space);
            return new Settings(population, sample, genes, StrategySettings.MAX_TRIES.read(c));
        }
    }

    /** Mutation draws per radius before widening it: enough to find a rare unknown neighbour. */
    private static final int TRIES_PER_RADIUS = 64;

    private final Settings settings;
    private final SplittableRandom rng;
    private final Scoring scoring;
    private final Deque<Scored> population = new ArrayDeque<>();
    private int randomProposed;

    public RegularizedEvolution(SearchSpace space, Goal goal, CostEstimator estimator, Settings settings, long seed) {
        super(NAME, space, goal, estimator, settings.maxTries());
        this.settings = settings;
        this.rng = new SplittableRandom(seed);
        this.scoring = new Scoring(goal, estimator);
    }

    RegularizedEvolution(StrategyContext context) {
        this(context.space(), context.goal(), context.estimator(), Settings.read(context.config(), context.space()),
                context.seed());
    }

    @Override
    protected Optional<Architecture> next() {
        if (randomProposed < settings.population() || population.isEmpty()) {
            randomProposed++;
            return proposals.random(rng);
        }
        Architecture parent = tournament().architecture();
        for (int genes = settings.mutatedGenes(); genes <= settings.mutatedGenes() + 1; genes++) {
            int radius = genes;
            Optional<Architecture> child = proposals.tryPropose(() -> Variation.mutateGenes(space, parent, radius, rng),
                    TRIES_PER_RADIUS);
            if (child.isPresent()) {
                return child;
            }
        }
        return proposals.random(rng);
    }

    /** The fittest of {@code sample} distinct members drawn uniformly. */
    private Scored tournament() {
        List<Scored> members = new ArrayList<>(population);
        int draws = Math.min(settings.sample(), members.size());
        Scored best = null;
        for (int k = 0; k < draws; k++) {
            int j = k + rng.nextInt(members.size() - k);
            Scored drawn = members.get(j);
            members.set(j, members.get(k));
            members.set(k, drawn);
            if (best == null || Scored.compareByFitness(drawn, best) < 0) {
                best = drawn;
            }
        }
        return best;
    }

    @Override
    protected void told(Trial trial, long order) {
        if (!trial.isOk()) {
            return;
        }
        population.addLast(scoring.score(trial, order));
        if (population.size() > settings.population()) {
            population.removeFirst();
        }
    }
}
