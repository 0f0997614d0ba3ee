package org.sparknas.latency;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.sparknas.store.ParetoRecord;
import org.sparknas.store.RunRecord;
import org.sparknas.store.TrialRecord;
import org.sparknas.store.TrialStore;

/**
 * A trial store whose reusable measurements are only those that carry every metric this search's
 * evaluator produces, with table latencies equal to what the current tables predict. Reuse is keyed
 * by supernet weights and fidelity, which latency does not depend on: without this, a run with a new
 * or re-profiled table would reuse trials with no latency or stale latency, and constraints on
 * latency would read numbers that are not there or no longer true. Everything else passes through.
 */
public final class LatencyConsistentStore implements TrialStore {

    private final TrialStore store;
    private final Set<String> metrics;
    private final LatencyModel tables;

    /**
     * @param metrics every metric the evaluator produces
     * @param tables  the lookup-table model of this search (its predictions must match stored values)
     */
    public LatencyConsistentStore(TrialStore store, Set<String> metrics, LatencyModel tables) {
        this.store = store;
        this.metrics = Set.copyOf(metrics);
        this.tables = tables;
    }

    @Override
    public Map<String, TrialRecord> reusable(String supernetSha256, int fidelity) {
        Map<String, TrialRecord> kept = new LinkedHashMap<>();
        store.reusable(supernetSha256, fidelity).forEach((key, trial) -> {
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

    @Override
    public String root() {
        return store.root();
    }

    @Override
    public Optional<RunRecord> run(String runId) {
        return store.run(runId);
    }

    @Override
    public void putRun(RunRecord run) {
        store.putRun(run);
    }

    @Override
    public List<TrialRecord> trials(String runId) {
        return store.trials(runId);
    }

    @Override
    public void appendGeneration(String runId, int generation, List<TrialRecord> trials) {
        store.appendGeneration(runId, generation, trials);
    }

    @Override
    public void putPareto(String runId, List<ParetoRecord> rows) {
        store.putPareto(runId, rows);
    }

    @Override
    public List<ParetoRecord> pareto(String runId) {
        return store.pareto(runId);
    }
}
