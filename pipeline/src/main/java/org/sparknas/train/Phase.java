package org.sparknas.train;

import java.util.EnumSet;
import java.util.Set;

/**
 * One phase of a training schedule: which dimensions vary, for how many epochs, from which
 * learning rate (cosine decay to zero over the phase, after a linear warm-up), and how many
 * sub-networks besides the largest are trained per step. The optimiser's momentum starts afresh
 * with each phase, as each of Once-for-All's phases is its own training run.
 *
 * @param subnets sub-networks sampled per step; 0 when the phase varies nothing but the
 *                resolution (the largest network is then the only one, and trained every step)
 */
record Phase(String name, Set<ElasticDimension> elastic, int epochs, double learningRate, double warmupEpochs,
             int subnets) {

    Phase {
        if (name == null || !name.matches("[a-z0-9][a-z0-9-]*")) {
            throw new IllegalArgumentException("a phase name must be lower-case letters, digits and '-', got '" + name + "'");
        }
        elastic = elastic.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(elastic));
        if (epochs <= 0) {
            throw new IllegalArgumentException("phase '" + name + "' needs at least one epoch, got " + epochs);
        }
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("phase '" + name + "' needs a positive learning rate, got " + learningRate);
        }
        if (!(warmupEpochs >= 0) || warmupEpochs > epochs) {
            throw new IllegalArgumentException("phase '" + name + "' warm-up must be between 0 and its " + epochs
                    + " epochs, got " + warmupEpochs);
        }
        if (subnets < 0) {
            throw new IllegalArgumentException("phase '" + name + "' cannot train " + subnets + " sub-networks per step");
        }
        if (!varyShape(elastic)) {
            // only the largest network exists in this phase: sampling it again would train it twice
            subnets = 0;
        }
    }

    private static boolean varyShape(Set<ElasticDimension> elastic) {
        return elastic.stream().anyMatch(d -> d != ElasticDimension.RESOLUTION);
    }

    /** The elastic dimensions in their fixed order, e.g. {@code resolution+kernel}. */
    String describeElastic() {
        if (elastic.isEmpty()) {
            return "none";
        }
        return String.join("+", EnumSet.copyOf(elastic).stream().map(ElasticDimension::configName).toList());
    }
}
