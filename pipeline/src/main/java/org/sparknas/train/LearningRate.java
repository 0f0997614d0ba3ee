package org.sparknas.train;

/**
 * A phase's learning rate per step: linear warm-up from near zero to the base rate over the
 * warm-up steps, then cosine decay towards zero over the rest of the phase (Once-for-All's
 * schedule, per phase).
 */
record LearningRate(double base, long warmupSteps, long totalSteps) {

    LearningRate {
        if (totalSteps <= 0 || warmupSteps < 0 || warmupSteps > totalSteps) {
            throw new IllegalArgumentException("a schedule needs 0 <= warm-up <= total steps, got " + warmupSteps + " of "
                    + totalSteps);
        }
    }

    static LearningRate of(Phase phase, int stepsPerEpoch) {
        long total = (long) phase.epochs() * stepsPerEpoch;
        return new LearningRate(phase.learningRate(), Math.round(phase.warmupEpochs() * stepsPerEpoch), total);
    }

    /** The rate of the phase's step {@code step} (0-based). */
    double at(long step) {
        if (step < warmupSteps) {
            return base * (step + 1) / warmupSteps;
        }
        double progress = (double) (step - warmupSteps) / (totalSteps - warmupSteps);
        return base * 0.5 * (1 + Math.cos(Math.PI * progress));
    }
}
