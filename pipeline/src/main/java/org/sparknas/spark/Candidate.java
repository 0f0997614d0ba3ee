package org.sparknas.spark;

import java.io.Serializable;
import org.sparknas.space.Architecture;

/**
 * One architecture to evaluate in a Spark task.
 *
 * @param index         position in the generation (results are put back in this order)
 * @param predictedCost relative cost used to schedule large candidates first (MACs)
 */
public record Candidate(int index, Architecture architecture, int fidelity, double predictedCost) implements Serializable {
}
