package org.sparknas.latency;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.sparknas.config.ConfigException;
import org.sparknas.store.TrialRecord;
import org.sparknas.strategy.Constraint;

/**
 * "Specialise for a device" without a new search (Once-for-All's promise): among stored successful
 * trials, the one with the highest {@code maximize} metric (accuracy) that meets every constraint.
 * A table latency that a trial lacks (its run had no table for that device) is predicted from the
 * given tables, since it depends only on the architecture; ties go to the earliest stored trial.
 */
public record Specialization(List<Constraint> constraints, String maximize) {

    /**
     * A chosen trial and its metrics, with the predicted latencies it lacked filled in.
     *
     * @param candidates the stored successful trials it was chosen from
     * @param feasible   how many of them qualified (met the constraints, or had the asked architecture)
     * @param criterion  what it was chosen for, as an export's provenance records it
     */
    public record Choice(TrialRecord trial, Map<String, Double> metrics, int candidates, int feasible, String criterion) {
    }

    public Specialization {
        constraints = List.copyOf(constraints);
        if (maximize == null || maximize.isBlank()) {
            throw new IllegalArgumentException("name the metric to maximise, e.g. accuracy");
        }
    }

    /**
     * @param tables predicts table latencies for trials that lack them
     * @throws ConfigException when a constraint or the maximised metric names a metric that no trial has
     *                         and the tables cannot predict
     */
    public Optional<Choice> best(List<TrialRecord> trials, LatencyModel tables) {
        List<TrialRecord> ok = trials.stream().filter(t -> t.trial().isOk()).toList();
        Set<String> needed = new TreeSet<>();
        constraints.forEach(c -> needed.add(c.metric()));
        needed.add(maximize);
        requireKnown(needed, ok, tables);
        Choice best = null;
        int feasible = 0;
        for (TrialRecord t : ok.stream().sorted(Comparator.comparing(TrialRecord::createdAt)
                .thenComparing(TrialRecord::runId).thenComparingLong(TrialRecord::trialId)).toList()) {
            Map<String, Double> metrics = withPredictions(t, tables);
            if (!metrics.keySet().containsAll(needed) || !constraints.stream().allMatch(c -> c.isSatisfied(metrics))) {
                continue;
            }
            feasible++;
            if (best == null || metrics.get(maximize) > best.metrics().get(maximize)) {
                best = new Choice(t, metrics, ok.size(), 0, constraints.toString());
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        return Optional.of(new Choice(best.trial(), best.metrics(), ok.size(), feasible, best.criterion()));
    }

    /** @throws ConfigException naming a metric that no successful trial stored and no table predicts */
    static void requireKnown(Set<String> needed, List<TrialRecord> ok, LatencyModel tables) {
        Set<String> known = new TreeSet<>(tables.metrics());
        ok.forEach(t -> known.addAll(t.trial().metrics().keySet()));
        for (String metric : needed) {
            if (!known.contains(metric)) {
                throw new ConfigException("no stored successful trial has metric '" + metric + "' and no latency table predicts"
                        + " it; stored and predictable metrics: " + known + (metric.startsWith("latency_")
                        ? ". Add the device's table to latency.tables (profile it with `sparknas profile-latency`)" : ""));
            }
        }
    }

    /** The trial's stored metrics, plus the table latencies it lacks (they depend only on the architecture). */
    static Map<String, Double> withPredictions(TrialRecord t, LatencyModel tables) {
        Map<String, Double> metrics = new LinkedHashMap<>(t.trial().metrics());
        if (!metrics.keySet().containsAll(tables.metrics())) {
            tables.latencies(t.trial().architecture()).forEach(metrics::putIfAbsent);
        }
        return metrics;
    }
}
