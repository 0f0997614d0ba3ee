package org.sparknas.strategy;

import java.util.random.RandomGenerator;
import org.sparknas.space.Architecture;
import org.sparknas.space.MutationRates;
import org.sparknas.space.SearchSpace;

/** The NSGA-II variation (Deb et al., 2002) shared by {@link Nsga2} and {@link ParetoLocalSearch}. */
final class NsgaMoves {

    private NsgaMoves() {
    }

    /**
     * A child of two parents picked by binary tournaments: a uniform crossover of them with
     * {@code crossoverProbability} (else the first), then mutated gene by gene at {@code rates}.
     */
    static Architecture child(SearchSpace space, ConstrainedRanking.Ranked parents, double crossoverProbability,
                              MutationRates rates, RandomGenerator rng) {
        Architecture a = tournament(parents, rng);
        Architecture b = tournament(parents, rng);
        Architecture child = rng.nextDouble() < crossoverProbability ? space.crossover(a, b, rng) : a;
        return space.mutate(child, rng, rates);
    }

    /** Deb's binary tournament: the lower rank wins, then the larger crowding distance, else a coin flip. */
    static Architecture tournament(ConstrainedRanking.Ranked parents, RandomGenerator rng) {
        int n = parents.members().size();
        int a = rng.nextInt(n);
        int b = rng.nextInt(n);
        int winner = parents.beats(a, b) ? a : parents.beats(b, a) ? b : (rng.nextBoolean() ? a : b);
        return parents.members().get(winner).architecture();
    }
}
