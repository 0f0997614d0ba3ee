package org.sparknas.train;

/**
 * What a training run reports and how often it saves itself; none of it changes the weights.
 *
 * @param validationImages       held-out images the largest and smallest networks are measured on
 *                               (after BN re-calibration) at the end of an epoch
 * @param validationEveryEpochs  measure every this many epochs (and at the end of each phase); 0: never
 * @param evaluationBatchSize    batch of re-calibration and validation
 * @param logEverySteps          a row of the training log (CSV) every this many steps
 * @param progressEverySeconds   a progress line every this many seconds
 * @param checkpointEverySteps   a checkpoint every this many steps (0: off); one is always written
 *                               at the end of each phase
 * @param checkpointEveryMinutes a checkpoint when this many minutes passed since the last (0: off)
 */
record Monitoring(int validationImages, int validationEveryEpochs, int evaluationBatchSize, int logEverySteps,
                  double progressEverySeconds, int checkpointEverySteps, double checkpointEveryMinutes) {

    Monitoring {
        if (validationImages <= 0 || validationEveryEpochs < 0 || evaluationBatchSize <= 0 || logEverySteps <= 0
                || !(progressEverySeconds >= 0) || checkpointEverySteps < 0 || !(checkpointEveryMinutes >= 0)) {
            throw new IllegalArgumentException("monitoring settings out of range: validation " + validationImages + " images every "
                    + validationEveryEpochs + " epochs in batches of " + evaluationBatchSize + ", log every " + logEverySteps
                    + " steps, progress every " + progressEverySeconds + " s, checkpoints every " + checkpointEverySteps
                    + " steps or " + checkpointEveryMinutes + " min");
        }
    }
}
