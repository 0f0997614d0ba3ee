package org.sparknas.train;

import java.util.List;

/**
 * Where a training run stands: the next step to run, as phase, epoch within the phase and step
 * within the epoch (all 0-based), and the number of steps done overall. Always normalised: a
 * finished epoch moves to the next epoch, a finished phase to the next phase; after the last
 * phase the position is {@link #finished}. With the seed it determines every random draw still to
 * come (see {@link Seeds}).
 */
record TrainingPosition(int phase, int epoch, int step, long globalStep) {

    static final TrainingPosition START = new TrainingPosition(0, 0, 0, 0);

    TrainingPosition {
        if (phase < 0 || epoch < 0 || step < 0 || globalStep < 0) {
            throw new IllegalArgumentException("a training position cannot be negative: phase " + phase + ", epoch "
                    + epoch + ", step " + step + ", global step " + globalStep);
        }
    }

    /** The position after the step at this one. */
    TrainingPosition next(List<Phase> phases, int stepsPerEpoch) {
        int s = step + 1;
        int e = epoch;
        int p = phase;
        if (s == stepsPerEpoch) {
            s = 0;
            e++;
            if (e == phases.get(p).epochs()) {
                e = 0;
                p++;
            }
        }
        return new TrainingPosition(p, e, s, globalStep + 1);
    }

    /** Whether every phase is done. */
    boolean finished(List<Phase> phases) {
        return phase >= phases.size();
    }

    /** Whether this is the first step of a phase (its set-up is still to do). */
    boolean startsPhase() {
        return epoch == 0 && step == 0;
    }

    /** Steps of the whole schedule. */
    static long totalSteps(List<Phase> phases, int stepsPerEpoch) {
        return phases.stream().mapToLong(p -> (long) p.epochs() * stepsPerEpoch).sum();
    }

    /** Whether this position can belong to {@code phases} with {@code stepsPerEpoch}, with a consistent global step. */
    boolean fits(List<Phase> phases, int stepsPerEpoch) {
        if (finished(phases)) {
            return phase == phases.size() && epoch == 0 && step == 0 && globalStep == totalSteps(phases, stepsPerEpoch);
        }
        if (epoch >= phases.get(phase).epochs() || step >= stepsPerEpoch) {
            return false;
        }
        long before = totalSteps(phases.subList(0, phase), stepsPerEpoch);
        return globalStep == before + (long) epoch * stepsPerEpoch + step;
    }

    @Override
    public String toString() {
        return "phase " + (phase + 1) + ", epoch " + (epoch + 1) + ", step " + step + " (global step " + globalStep + ")";
    }
}
