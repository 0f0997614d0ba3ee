package org.sparknas.strategy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
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
public final class Nsga2 implements Strategy {

    public static final String NAME = "nsga2";

    /** Children drawn from the same population before falling back to a random candidate. */
    static final int VARIATION_TRIES = 100;

    /**
     * @param population           members kept per generation, and trials per generation
     * @param crossoverProbability chance that a child is a uniform crossover of two parents (else a copy of one)
     * @param mutatedGenes         expected number of genes a mutation changes
     * @param maxTries             draws per candidate before giving up on a constraint
     */
    public record Settings(int population, double crossoverProbability, double mutatedGenes, int maxTries) {

        public static final Settings DEFAULTS = new Settings(16, 0.5, 1.0, 10_000);

        public Settings {
            if (population <= 0) {
                throw new IllegalArgumentException("population must be positive, got " + population);
            }
            Probabilities.check("crossover-probability", crossoverProbability);
            if (!(mutatedGenes > 0)) {
                throw new IllegalArgumentException("mutated-genes must be positive, got " + mutatedGenes);
            }
            if (maxTries <= 0) {
                throw new IllegalArgumentException("max-tries must be positive, got " + maxTries);
            }
        }
    }

    private final SearchSpace space;
    private final Settings settings;
    private final MutationRates rates;
    private final SplittableRandom rng;
    private final Scoring scoring;
    private final Proposals proposals;
    private final Generations generations;
    private ConstrainedRanking.Ranked parents;
    private int rankedGeneration = -1;

    public Nsga2(SearchSpace space, Goal goal, CostEstimator estimator, Settings settings, long seed) {
        this.space = space;
        this.settings = settings;
        this.rates = MutationRates.uniform(Math.min(1.0, settings.mutatedGenes() / space.dimensions().size()));
        this.rng = new SplittableRandom(seed);
        this.scoring = new Scoring(goal, estimator);
        this.proposals = new Proposals(space, new Feasibility(goal, estimator), settings.maxTries());
        this.generations = new Generations(settings.population(), scoring,
                (previous, told) -> ConstrainedRanking.best(concat(previous, told), settings.population()));
    }

    private static List<Scored> concat(List<Scored> a, List<Scored> b) {
        List<Scored> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
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
        Architecture a = tournament();
        Architecture b = tournament();
        Architecture child = rng.nextDouble() < settings.crossoverProbability() ? space.crossover(a, b, rng) : a;
        return space.mutate(child, rng, rates);
    }

    /** Deb's binary tournament: the lower rank wins, then the larger crowding distance, else a coin flip. */
    private Architecture tournament() {
        int n = parents.members().size();
        int a = rng.nextInt(n);
        int b = rng.nextInt(n);
        int winner = parents.beats(a, b) ? a : parents.beats(b, a) ? b : (rng.nextBoolean() ? a : b);
        return parents.members().get(winner).architecture();
    }

    @Override
    public void tell(List<Trial> results) {
        for (Trial trial : results) {
            proposals.markTold(trial);
            generations.tell(trial);
        }
    }
}
