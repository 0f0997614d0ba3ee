package org.sparknas.strategy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.sparknas.config.Setting;
import org.sparknas.config.SettingGroup;
import org.sparknas.config.StrictConfig;
import org.sparknas.space.Architecture;
import org.sparknas.space.MutationRates;
import org.sparknas.space.SearchSpace;

/**
 * NSGA-II (Deb et al., 2002) with Deb's constrained domination. The first {@code population}
 * candidates are random; once that many trials are told, the population is the best
 * {@code population} of the previous population and the new trials, ordered by non-dominated
 * front and crowding distance ({@link ConstrainedRanking}). Each child comes from two parents
 * picked by binary tournaments, uniform crossover (with {@code crossoverProbability}) and per-gene
 * mutation (each gene with probability {@code mutatedGenes / dimensions}).
 *
 * <p>Generations are counted in told trials, not in calls: as long as a generation is told before
 * the next is asked, {@code ask(1)} and a tell, {@code population} times, propose the same
 * candidates as one {@code ask(population)} and one tell. A child that is already known (the parents
 * themselves included) is redrawn; after {@link #VARIATION_TRIES} draws a random architecture is
 * taken instead, so no evaluation is ever spent twice. Failed trials count towards the generation
 * but never survive.
 */
public final class Nsga2 extends ProposingStrategy {

    public static final String NAME = "nsga2";

    /** Children drawn from the same population before falling back to a random candidate. */
    static final int VARIATION_TRIES = 100;

    static final Setting<Integer> POPULATION = Setting.integer(StrategySettings.POPULATION, 16,
            "members kept per generation, and trials per generation (a search sets it to its generation size"
                    + " unless given)").positive();
    static final Setting<Double> CROSSOVER_PROBABILITY = Setting.number("crossover-probability", 0.5,
            "chance that a child is a uniform crossover of two parents (else a copy of one)").probability();
    static final Setting<Double> MUTATED_GENES = Setting.number("mutated-genes", 1.0,
            "expected number of genes a mutation changes, at most the space's dimensions").positive();
    static final SettingGroup SETTINGS = StrategySettings.group(NAME,
            "NSGA-II with Deb's constrained domination, multi-objective, generational", POPULATION,
            CROSSOVER_PROBABILITY, MUTATED_GENES, StrategySettings.MAX_TRIES);

    /**
     * @param population           members kept per generation, and trials per generation
     * @param crossoverProbability chance that a child is a uniform crossover of two parents (else a copy of one)
     * @param mutatedGenes         expected number of genes a mutation changes
     * @param maxTries             draws per candidate before giving up on a constraint
     */
    public record Settings(int population, double crossoverProbability, double mutatedGenes, int maxTries) {

        public static final Settings DEFAULTS = new Settings(StrategySettings.defaultOf(POPULATION),
                StrategySettings.defaultOf(CROSSOVER_PROBABILITY), StrategySettings.defaultOf(MUTATED_GENES),
                StrategySettings.defaultOf(StrategySettings.MAX_TRIES));

        /** Reads the settings; more mutated genes than the space has dimensions is refused. */
        static Settings read(StrictConfig c, SearchSpace space) {
            double genes = MUTATED_GENES.read(c);
            StrategySettings.atMostDimensions(c, MUTATED_GENES.key(), genes, space);
            return new Settings(POPULATION.read(c), CROSSOVER_PROBABILITY.read(c), genes, StrategySettings.MAX_TRIES.read(c));
        }
    }

    private final Settings settings;
    private final MutationRates rates;
    private final SplittableRandom rng;
    private final Generations generations;
    private ConstrainedRanking.Ranked parents;
    private int rankedGeneration = -1;

    public Nsga2(SearchSpace space, Goal goal, CostEstimator estimator, Settings settings, long seed) {
        super(NAME, space, goal, estimator, settings.maxTries());
        this.settings = settings;
        this.rates = MutationRates.uniform(Math.min(1.0, settings.mutatedGenes() / space.dimensions().size()));
        this.rng = new SplittableRandom(seed);
        this.generations = new Generations(settings.population(), new Scoring(goal, estimator),
                (previous, told) -> ConstrainedRanking.best(concat(previous, told), settings.population()));
    }

    Nsga2(StrategyContext context) {
        this(context.space(), context.goal(), context.estimator(), Settings.read(context.config(), context.space()),
                context.seed());
    }

    private static List<Scored> concat(List<Scored> a, List<Scored> b) {
        List<Scored> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    @Override
    protected Optional<Architecture> next() {
        List<Scored> population = generations.population();
        if (population.isEmpty()) {
            return proposals.random(rng);
        }
        if (rankedGeneration != generations.completed()) {
            parents = ConstrainedRanking.rank(population);
            rankedGeneration = generations.completed();
        }
        return proposals.varyOrRandom(this::child, VARIATION_TRIES, rng);
    }

    private Architecture child() {
        return NsgaMoves.child(space, parents, settings.crossoverProbability(), rates, rng);
    }

    @Override
    protected void told(Trial trial, long order) {
        generations.tell(trial);
    }
}
