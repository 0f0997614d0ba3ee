package org.sparknas.train;

import java.util.List;

/**
 * What a {@code train-supernet} run produced.
 *
 * @param weights         where the final weights file is
 * @param checksum        SHA-256 of its parameters (what identifies the supernet in the trial store)
 * @param trainingSeconds wall time of the training steps over all sessions (validation and checkpoints included)
 * @param alreadyFinished true when the run had finished before and nothing was trained now
 */
public record TrainResult(String weights, String checksum, long bytes, long steps, double epochs,
                          double trainingSeconds, List<SubnetAccuracy> accuracies, boolean alreadyFinished) {

    public TrainResult {
        accuracies = List.copyOf(accuracies);
    }

    public SubnetAccuracy accuracy(String label) {
        return accuracies.stream().filter(a -> a.label().equals(label)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no accuracy for " + label));
    }
}
