package org.sparknas.strategy;

import java.util.Objects;
import org.sparknas.space.Architecture;

/**
 * A candidate of a {@link Strategy.MultiFidelity} strategy: an architecture and the rung to measure
 * it at (0 is the lowest fidelity; the number of low rungs is the full fidelity).
 */
public record RungCandidate(Architecture architecture, int rung) {

    public RungCandidate {
        Objects.requireNonNull(architecture, "architecture");
        if (rung < 0) {
            throw new IllegalArgumentException("a rung is 0 or more, got " + rung);
        }
    }
}
