package org.sparknas.strategy;

/** Whether an evaluation produced metrics. A failed trial carries its error and no metrics. */
public enum TrialStatus {
    OK,
    FAILED;

    public String storeName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
