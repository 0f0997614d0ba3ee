package org.sparknas.store;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A store that passes every call to another; a subclass overrides the calls it changes (which
 * trials may be reused, say, or, in tests, a write that fails).
 */
public class ForwardingTrialStore implements TrialStore {

    private final TrialStore store;

    public ForwardingTrialStore(TrialStore store) {
        this.store = store;
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
    public RunLease lockRun(String runId) {
        return store.lockRun(runId);
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
    public void setAsideGeneration(String runId, int generation) {
        store.setAsideGeneration(runId, generation);
    }

    @Override
    public Map<String, TrialRecord> reusable(String supernetSha256, String evaluationFingerprint, int fidelity) {
        return store.reusable(supernetSha256, evaluationFingerprint, fidelity);
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
