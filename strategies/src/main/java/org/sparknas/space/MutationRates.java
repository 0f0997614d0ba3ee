package org.sparknas.space;

import java.util.Map;

/**
 * How often each gene changes under mutation: one probability for every gene, with optional
 * overrides per dimension (Once-for-All mutates the resolution with its own probability).
 */
public record MutationRates(double geneProbability, Map<String, Double> overrides) {

    public MutationRates {
        checkProbability("gene probability", geneProbability);
        overrides = Map.copyOf(overrides);
        overrides.forEach((name, p) -> checkProbability("mutation probability of '" + name + "'", p));
    }

    public static MutationRates uniform(double geneProbability) {
        return new MutationRates(geneProbability, Map.of());
    }

    /** Once-for-All's evolution defaults: 0.1 per gene, 0.5 for the resolution. */
    public static MutationRates onceForAll() {
        return new MutationRates(0.1, Map.of(OfaSpace.RESOLUTION, 0.5));
    }

    public double probability(String dimension) {
        return overrides.getOrDefault(dimension, geneProbability);
    }

    private static void checkProbability(String what, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(what + " must be in [0, 1], got " + p);
        }
    }
}
