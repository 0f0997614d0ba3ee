package org.sparknas.latency;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.sparknas.space.Architecture;
import org.sparknas.store.TrialRecord;

/**
 * One given architecture, as a report's Pareto front names it, instead of the best under constraints:
 * among the stored successful trials of exactly that architecture, the one with the highest fidelity
 * (the most validation images, so the most trustworthy measurement), then the highest {@code maximize}
 * metric, then the lowest (run id, trial id), so the same store always gives the same trial.
 */
public record StoredArchitecture(Architecture architecture, String maximize) {

    public StoredArchitecture {
        if (architecture == null) {
            throw new IllegalArgumentException("name the architecture to pick");
        }
        if (maximize == null || maximize.isBlank()) {
            throw new IllegalArgumentException("name the metric to maximise, e.g. accuracy");
        }
    }

    /**
     * @param tables predicts table latencies for trials that lack them
     * @return empty when no successful trial measured the architecture
     * @throws org.sparknas.config.ConfigException when the maximised metric is one that no trial has
     *                                             and the tables cannot predict
     */
    public Optional<Specialization.Choice> pick(List<TrialRecord> trials, LatencyModel tables) {
        List<TrialRecord> ok = trials.stream().filter(t -> t.trial().isOk()).toList();
        Specialization.requireKnown(Set.of(maximize), ok, tables);
        List<TrialRecord> measured = ok.stream().filter(t -> t.archKey().equals(architecture.key())).toList();
        Comparator<Map.Entry<TrialRecord, Map<String, Double>>> order = Comparator
                .comparingInt((Map.Entry<TrialRecord, Map<String, Double>> e) -> e.getKey().trial().fidelity()).reversed()
                .thenComparing(e -> rankable(e.getValue().get(maximize)), Comparator.reverseOrder())
                .thenComparing(e -> e.getKey().runId())
                .thenComparingLong(e -> e.getKey().trialId());
        return measured.stream()
                .map(t -> Map.entry(t, Specialization.withPredictions(t, tables)))
                .min(order)
                .map(e -> new Specialization.Choice(e.getKey(), e.getValue(), ok.size(), measured.size(),
                        "architecture " + architecture.key()));
    }

    /** A trial that lacks the metric (or stored NaN) ranks after those that have it. */
    private static double rankable(Double value) {
        return value == null || value.isNaN() ? Double.NEGATIVE_INFINITY : value;
    }
}
