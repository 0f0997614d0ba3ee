package org.sparknas.strategy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.sparknas.space.Architecture;
import org.sparknas.space.MutationRates;
import org.sparknas.space.OfaSpace;
import org.sparknas.space.SearchSpace;

/**
 * The constrained evolutionary search of Once-for-All (Cai et al., 2020, its {@code EvolutionFinder}):
 * a population of {@code population} random feasible architectures; every generation keeps the
 * best {@code parentRatio} of them as parents and breeds a new population, {@code mutationRatio}
 * of it by mutating a random parent (each gene with {@code mutationProbability}, the input
 * resolution with {@code resolutionMutationProbability}) and the rest by uniform crossover of two
 * random parents. Every candidate meets the constraints the {@link CostEstimator} can check,
 * by resampling, as in Once-for-All.
 *
 * <p>Single-objective, on {@link Goal#fitness}; infeasible trials (constraints only known after
 * evaluation) rank below feasible ones by violation. Generations are counted in told trials, so
 * the trajectory does not depend on how asks are batched; a child that is already known is
 * redrawn, then replaced by a random architecture, so no evaluation is spent twice. Failed trials
 * count towards the generation but never become parents.
 */
public final class OfaEvolution implements Strategy {

    public static final String NAME = "ofa-evolution";

    /**
     * @param population                    candidates per generation
     * @param parentRatio                   fraction of the population kept as parents
     * @param mutationRatio                 fraction of each generation made by mutation (the rest by crossover)
     * @param mutationProbability           per-gene mutation probability
     * @param resolutionMutationProbability mutation probability of the input resolution
     * @param maxTries                      draws per candidate before giving up on a constraint
     */
    public record Settings(int population, double parentRatio, double mutationRatio, double mutationProbability,
                           double resolutionMutationProbability, int maxTries) {

        public static final Settings DEFAULTS = new Settings(100, 0.25, 0.5, 0.1, 0.5, 10_000);

        public Settings {
            if (population <= 0) {
                throw new IllegalArgumentException("population must be positive, got " + population);
            }
            Probabilities.check("parent-ratio", parentRatio);
            Probabilities.check("mutation-ratio", mutationRatio);
            Probabilities.check("mutation-probability", mutationProbability);
            Probabilities.check("resolution-mutation-probability", resolutionMutationProbability);
            if (parents(population, parentRatio) < 1) {
                throw new IllegalArgumentException("parent-ratio " + parentRatio + " of a population of " + population
                        + " keeps no parent; raise it to at least " + 1.0 / population);
            }
            if (maxTries <= 0) {
                throw new IllegalArgumentException("max-tries must be positive, got " + maxTries);
            }
        }

        /** Parents kept per generation, rounded as Once-for-All does. */
        public int parents() {
            return parents(population, parentRatio);
        }

        /** Children per generation made by mutation. */
        public int mutations() {
            return (int) Math.round(mutationRatio * population);
        }

        private static int parents(int population, double ratio) {
            return (int) Math.round(ratio * population);
        }
    }

    /** Children drawn from the same parents before falling back to a random candidate. */
    static final int VARIATION_TRIES = 100;

    private final SearchSpace space;
    private final Settings settings;
    private final MutationRates rates;
    private final SplittableRandom rng;
    private final Proposals proposals;
    private final Generations generations;
    private int bredInGeneration;
    private int breedingGeneration;

    public OfaEvolution(SearchSpace space, Goal goal, CostEstimator estimator, Settings settings, long seed) {
        this.space = space;
        this.settings = settings;
        this.rates = new MutationRates(settings.mutationProbability(),
                Map.of(OfaSpace.RESOLUTION, settings.resolutionMutationProbability()));
        this.rng = new SplittableRandom(seed);
        Scoring scoring = new Scoring(goal, estimator);
        this.proposals = new Proposals(space, new Feasibility(goal, estimator), settings.maxTries());
        this.generations = new Generations(settings.population(), scoring, (parents, children) -> {
            List<Scored> all = new ArrayList<>(parents);
            all.addAll(children);
            all.sort(Scored::compareByFitness);
            return all.subList(0, Math.min(settings.parents(), all.size()));
        });
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
        List<Scored> parents = generations.population();
        if (parents.isEmpty()) {
            return proposals.random(rng);
        }
        if (breedingGeneration != generations.completed()) {
            breedingGeneration = generations.completed();
            bredInGeneration = 0;
        }
        // The first mutations() children of a generation are mutants, the rest crossovers, as in
        // Once-for-All; asks beyond one generation's worth start the pattern again.
        boolean mutant = bredInGeneration++ % settings.population() < settings.mutations();
        return proposals.varyOrRandom(mutant ? () -> space.mutate(pick(parents), rng, rates)
                : () -> space.crossover(pick(parents), pick(parents), rng), VARIATION_TRIES, rng);
    }

    private Architecture pick(List<Scored> parents) {
        return parents.get(rng.nextInt(parents.size())).architecture();
    }

    @Override
    public void tell(List<Trial> results) {
        for (Trial trial : results) {
            proposals.markTold(trial);
            generations.tell(trial);
        }
    }
}
