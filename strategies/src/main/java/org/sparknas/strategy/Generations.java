package org.sparknas.strategy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BinaryOperator;

/**
 * Generations of a generational strategy, counted in told trials: after every {@code size} told
 * trials (failed ones included) the survivors are chosen from the current population and the
 * successful trials of that generation. Counting trials rather than calls makes the trajectory
 * independent of how the caller batches its asks and tells, which resume relies on.
 */
final class Generations {

    private final int size;
    private final Scoring scoring;
    private final BinaryOperator<List<Scored>> survivors;
    private List<Scored> population = List.of();
    private final List<Scored> current = new ArrayList<>();
    private int toldInGeneration;
    private long told;
    private int completed;

    /**
     * @param survivors chooses the next population from (the current population, the generation's successful trials)
     */
    Generations(int size, Scoring scoring, BinaryOperator<List<Scored>> survivors) {
        this.size = size;
        this.scoring = scoring;
        this.survivors = survivors;
    }

    /** The current population: empty until the first generation is complete. */
    List<Scored> population() {
        return population;
    }

    /** How many generations are complete. */
    int completed() {
        return completed;
    }

    void tell(Trial trial) {
        long order = told++;
        if (trial.isOk()) {
            current.add(scoring.score(trial, order));
        }
        if (++toldInGeneration == size) {
            population = List.copyOf(survivors.apply(population, List.copyOf(current)));
            current.clear();
            toldInGeneration = 0;
            completed++;
        }
    }
}
