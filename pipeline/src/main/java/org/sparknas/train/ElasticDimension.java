package org.sparknas.train;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A dimension of an Once-for-All space that a training phase may vary. Whatever a phase does not
 * vary stays at its largest choice (progressive shrinking: largest network first, then elastic
 * kernel, depth, expand ratio).
 */
enum ElasticDimension {
    RESOLUTION, KERNEL, DEPTH, EXPAND;

    /** The name used in configuration files and logs, e.g. {@code kernel}. */
    String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Which dimension a gene of an {@link org.sparknas.space.OfaSpace} belongs to, by the gene's name. */
    static ElasticDimension ofGene(String geneName) {
        if (geneName.equals(org.sparknas.space.OfaSpace.RESOLUTION)) {
            return RESOLUTION;
        }
        String prefix = geneName.substring(0, geneName.indexOf('.'));
        return switch (prefix) {
            case "kernel" -> KERNEL;
            case "depth" -> DEPTH;
            case "expand" -> EXPAND;
            default -> throw new IllegalArgumentException("gene '" + geneName + "' is not an Once-for-All dimension");
        };
    }

    /** @throws IllegalArgumentException naming the choices when {@code name} is none of them */
    static ElasticDimension parse(String name) {
        for (ElasticDimension d : values()) {
            if (d.configName().equals(name)) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown elastic dimension '" + name + "'; choose from "
                + Arrays.stream(values()).map(ElasticDimension::configName).collect(Collectors.joining(", ")));
    }
}
