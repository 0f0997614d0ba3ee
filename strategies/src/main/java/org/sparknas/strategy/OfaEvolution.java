package org.sparknas.strategy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.sparknas.config.Setting;
import org.sparknas.config.SettingGroup;
import org.sparknas.config.StrictConfig;
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
public final class OfaEvolution extends ProposingStrategy {

    public static final String NAME = "ofa-evolution";

    static final Setting<Integer> POPULATION = Setting.integer(StrategySettings.POPULATION, 100,
            "candidates per generation (a search sets it to its generation size unless given)").positive();
    static final Setting<Double> PARENT_RATIO = Setting.number("parent-ratio", 0.25,
            "fraction of the population kept as parents; must keep at least one").probability();
    static final Setting<Double> MUTATION_RATIO = Setting.number("mutation-ratio", 0.5,
            "fraction of each generation made by mutation (the rest by crossover)").probability();
    static final Setting<Double> MUTATION_PROBABILITY = Setting.number("mutation-probability", 0.1,
            "per-gene mutation probability").probability();
    static final Setting<Double> RESOLUTION_MUTATION_PROBABILITY = Setting.number("resolution-mutation-probability", 0.5,
            "mutation probability of the input resolution").probability();
    static final SettingGroup SETTINGS = StrategySettings.group(NAME,
            "Once-for-All's constrained evolution, single-objective on the fitness, generational", POPULATION,
            PARENT_RATIO, MUTATION_RATIO, MUTATION_PROBABILITY, RESOLUTION_MUTATION_PROBABILITY,
            StrategySettings.MAX_TRIES);

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

        public static final Settings DEFAULTS = new Settings(StrategySettings.defaultOf(POPULATION),
                StrategySettings.defaultOf(PARENT_RATIO), StrategySettings.defaultOf(MUTATION_RATIO),
                StrategySettings.defaultOf(MUTATION_PROBABILITY), StrategySettings.defaultOf(RESOLUTION_MUTATION_PROBABILITY),
                StrategySettings.defaultOf(StrategySettings.MAX_TRIES));

        /** Reads the settings; a parent ratio that keeps no parent of the population is refused. */
        static Settings read(StrictConfig c) {
            int population = POPULATION.read(c);
            double parentRatio = PARENT_RATIO.read(c);
            if (parents(population, parentRatio) < 1) {
                throw c.error(PARENT_RATIO.key(), "is " + parentRatio + ", which keeps no parent of a population of "
                        + population + "; raise it to at least " + 1.0 / population);
            }
            return new Settings(population, parentRatio, MUTATION_RATIO.read(c), MUTATION_PROBABILITY.read(c),
                    RESOLUTION_MUTATION_PROBABILITY.read(c), StrategySettings.MAX_TRIES.read(c));
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

    private final Settings settings;
    private final MutationRates rates;
    private final SplittableRandom rng;
    private final Generations generations;
    private int bredInGeneration;
    private int breedingGeneration;

    public OfaEvolution(SearchSpace space, Goal goal, CostEstimator estimator, Settings settings, long seed) {
        super(NAME, space, goal, estimator, settings.maxTries());
        this.settings = settings;
        this.rates = new MutationRates(settings.mutationProbability(),
                Map.of(OfaSpace.RESOLUTION, settings.resolutionMutationProbability()));
        this.rng = new SplittableRandom(seed);
        this.generations = new Generations(settings.population(), new Scoring(goal, estimator), (parents, children) -> {
            List<Scored> all = new ArrayList<>(parents);
            all.addAll(children);
            all.sort(Scored::compareByFitness);
            return all.subList(0, Math.min(settings.parents(), all.size()));
        });
    }

    OfaEvolution(StrategyContext context) {
        this(context.space(), context.goal(), context.estimator(), Settings.read(context.config()), context.seed());
    }

    @Override
    protected Optional<Architecture> next() {
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
    protected void told(Trial trial, long order) {
        generations.tell(trial);
    }
}
