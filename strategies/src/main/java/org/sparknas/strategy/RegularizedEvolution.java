package org.sparknas.strategy;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
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
public final class RegularizedEvolution implements Strategy {

    public static final String NAME = "regularized-evolution";

    /**
     * @param population   members kept (P)
     * @param sample       members drawn per tournament (S), at most P
     * @param mutatedGenes genes changed per mutation
     * @param maxTries     draws per candidate before giving up on a constraint
     */
    public record Settings(int population, int sample, int mutatedGenes, int maxTries) {

        public static final Settings DEFAULTS = new Settings(20, 10, 1, 10_000);

        public Settings {
            if (population <= 0) {
                throw new IllegalArgumentException("population must be positive, got " + population);
            }
            if (sample <= 0 || sample > population) {
                throw new IllegalArgumentException("sample must be between 1 and the population (" + population
                        + "), got " + sample);
            }
            if (mutatedGenes <= 0) {
                throw new IllegalArgumentException("mutated-genes must be positive, got " + mutatedGenes);
            }
            if (maxTries <= 0) {
                throw new IllegalArgumentException("max-tries must be positive, got " + maxTries);
            }
        }
    }

    /** Mutation draws per radius before widening it: enough to find a rare unknown neighbour. */
    private static final int TRIES_PER_RADIUS = 64;

    private final SearchSpace space;
    private final Settings settings;
    private final SplittableRandom rng;
    private final Scoring scoring;
    private final Proposals proposals;
    private final Deque<Scored> population = new ArrayDeque<>();
    private int randomProposed;
    private long told;

    public RegularizedEvolution(SearchSpace space, Goal goal, CostEstimator estimator, Settings settings, long seed) {
        this.space = space;
        this.settings = settings;
        this.rng = new SplittableRandom(seed);
        this.scoring = new Scoring(goal, estimator);
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
            Optional<Architecture> next = next();
            if (next.isEmpty()) {
                break;
            }
            out.add(next.get());
        }
        return out;
    }

    private Optional<Architecture> next() {
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
    public void tell(List<Trial> results) {
        for (Trial trial : results) {
            proposals.markTold(trial);
            long order = told++;
            if (!trial.isOk()) {
                continue;
            }
            population.addLast(scoring.score(trial, order));
            if (population.size() > settings.population()) {
                population.removeFirst();
            }
        }
    }
}
