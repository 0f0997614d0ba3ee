package org.sparknas.strategy;

import java.util.Map;
import java.util.Objects;
import org.sparknas.space.Architecture;

/**
 * The outcome of evaluating one architecture at one fidelity: its metrics (accuracy, loss, MACs,
 * params, latencies...), how long it took, where it ran, and whether it succeeded.
 *
 * @param fidelity    the number of validation images used
 * @param evalSeconds wall time of the evaluation on the executor
 * @param executor    the Spark executor id (or "driver", "local")
 * @param device      the device the evaluation ran on, e.g. "cpu" or "gpu:0"
 */
public record Trial(Architecture architecture, int fidelity, Map<String, Double> metrics, TrialStatus status,
                    String error, double evalSeconds, String executor, String device) {

    public Trial {
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(status, "status");
        metrics = Map.copyOf(metrics);
        if (status == TrialStatus.FAILED && (error == null || error.isBlank())) {
            throw new IllegalArgumentException("a failed trial needs its error");
        }
    }

    public static Trial ok(Architecture architecture, int fidelity, Map<String, Double> metrics) {
        return new Trial(architecture, fidelity, metrics, TrialStatus.OK, null, 0, "local", "cpu");
    }

    public static Trial failed(Architecture architecture, int fidelity, String error) {
        return new Trial(architecture, fidelity, Map.of(), TrialStatus.FAILED, error, 0, "local", "cpu");
    }

    public boolean isOk() {
        return status == TrialStatus.OK;
    }

    /** The metric's value; a missing metric is a programming or configuration error, not a silent NaN. */
    public double metric(String name) {
        Double v = metrics.get(name);
        if (v == null) {
            throw new IllegalStateException("trial " + architecture.key() + " has no metric '" + name
                    + "'; it has " + metrics.keySet());
        }
        return v;
    }
}
