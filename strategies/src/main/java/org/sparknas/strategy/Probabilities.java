package org.sparknas.strategy;

/** The check every probability setting shares. */
final class Probabilities {

    private Probabilities() {
    }

    static double check(String name, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1], got " + p);
        }
        return p;
    }
}
