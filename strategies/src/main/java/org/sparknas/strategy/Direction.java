package org.sparknas.strategy;

/** Whether an objective is to be made large or small. */
public enum Direction {
    MAXIMIZE,
    MINIMIZE;

    /** The value turned into one to minimise, so that all objectives compare the same way. */
    public double toMinimized(double value) {
        return this == MAXIMIZE ? -value : value;
    }
}
