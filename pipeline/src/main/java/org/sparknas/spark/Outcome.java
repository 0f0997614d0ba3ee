package org.sparknas.spark;

import java.io.Serializable;
import java.util.Map;

/**
 * What a task sends back for one candidate: its metrics, or the error that stopped it.
 *
 * @param error null when the evaluation succeeded
 */
public record Outcome(int index, Map<String, Double> metrics, String error, double seconds, String executor, String device,
                      String evaluatorId) implements Serializable {

    public Outcome {
        metrics = Map.copyOf(metrics);
    }
}
