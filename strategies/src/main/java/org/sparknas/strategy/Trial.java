package org.sparknas.strategy;

import java.util.Map;
import java.util.Objects;
import org.sparknas.space.Architecture;

/**
 * The outcome of evaluating one architecture at one fidelity, as a strategy reads it: its metrics
 * (accuracy, loss, MACs, params, latencies...) and whether it succeeded. Where and how long it ran
 * is provenance, kept by whoever stores the trial, not by the strategies.
 *
 * @param fidelity the number of validation images used
 * @param error    why it failed; null when it succeeded
 */
public record Trial(Architecture architecture, int fidelity, Map<String, Double> metrics, TrialStatus status,
                    String error) {

    public Trial {
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(status, "status");
        metrics = Map.copyOf(metrics);
        if (status == TrialStatus.FAILED && (error == null || error.isBlank())) {
            throw new IllegalArgumentException("a failed trial needs its error");
        }
    }

    public static Trial ok(Architecture architecture, int fidelity, Map<String, Double> metrics) {
        return new Trial(architecture, fidelity, metrics, TrialStatus.OK, null);
    }

    public static Trial failed(Architecture architecture, int fidelity, String error) {
        return new Trial(architecture, fidelity, Map.of(), TrialStatus.FAILED, error);
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
