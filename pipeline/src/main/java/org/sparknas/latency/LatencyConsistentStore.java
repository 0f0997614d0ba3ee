package org.sparknas.latency;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.sparknas.store.ForwardingTrialStore;
import org.sparknas.store.TrialRecord;
import org.sparknas.store.TrialStore;

/**
 * A trial store whose reusable measurements are only those that carry every metric this search's
 * evaluator produces, with table latencies equal to what the current tables predict. Reuse is keyed
 * by supernet weights, evaluation fingerprint (the images and calibration accuracy is measured with)
 * and fidelity, none of which table latency depends on: without this, a run with a new
 * or re-profiled table would reuse trials with no latency or stale latency, and constraints on
 * latency would read numbers that are not there or no longer true. Everything else passes through.
 */
public final class LatencyConsistentStore extends ForwardingTrialStore {

    private final Set<String> metrics;
    private final LatencyModel tables;

    /**
     * @param metrics every metric the evaluator produces
     * @param tables  the lookup-table model of this search (its predictions must match stored values)
     */
    public LatencyConsistentStore(TrialStore store, Set<String> metrics, LatencyModel tables) {
        super(store);
        this.metrics = Set.copyOf(metrics);
        this.tables = tables;
    }

    @Override
    public Map<String, TrialRecord> reusable(String supernetSha256, String evaluationFingerprint, int fidelity) {
        Map<String, TrialRecord> kept = new LinkedHashMap<>();
        super.reusable(supernetSha256, evaluationFingerprint, fidelity).forEach((key, trial) -> {
            if (consistent(trial)) {
                kept.put(key, trial);
            }
        });
        return kept;
    }

    private boolean consistent(TrialRecord record) {
        Map<String, Double> stored = record.trial().metrics();
        if (!stored.keySet().containsAll(metrics)) {
            return false;
        }
        for (Map.Entry<String, Double> predicted : tables.latencies(record.trial().architecture()).entrySet()) {
            double now = predicted.getValue();
            if (Math.abs(stored.get(predicted.getKey()) - now) > 1e-9 * Math.max(1, Math.abs(now))) {
                return false;
            }
        }
        return true;
    }
}
