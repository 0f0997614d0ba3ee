package org.sparknas.train;

/**
 * The loss stopped being a finite number. Nothing is saved after this point: the last good
 * checkpoint stays the newest, so the run can resume from it (e.g. with a lower learning rate).
 */
public final class TrainingDivergedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    TrainingDivergedException(String message) {
        super(message);
    }
}
