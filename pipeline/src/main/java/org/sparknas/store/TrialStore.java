package org.sparknas.store;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Durable storage of runs and trials (the Parquet tables of the analysts' contract). Every write
 * is atomic: a crash leaves either the whole generation or none of it, and no write touches
 * another run.
 */
public interface TrialStore {

    /** The output root, as given (a local path or a Hadoop FileSystem URI). */
    String root();

    Optional<RunRecord> run(String runId);

    /**
     * Makes this driver the run's one writer until the lease is closed. A second driver of the same
     * run is refused (a {@link org.sparknas.config.ConfigException} naming the holder) while the holder
     * is alive; a holder that died (its process is gone on this host, or neither its lock nor the run's
     * heartbeat moved for a while) is taken over.
     */
    RunLease lockRun(String runId);

    /** Creates or replaces the run's catalog row. */
    void putRun(RunRecord run);

    /** All stored trials of a run, ordered by trial id. */
    List<TrialRecord> trials(String runId);

    /** Appends one generation's trials of a run in one atomic write. */
    void appendGeneration(String runId, int generation, List<TrialRecord> trials);

    /**
     * Moves a stored generation of a run out of the table (kept beside it under a hidden name), so
     * that it can be evaluated and appended again: for a generation that holds other than the
     * number of trials the run's catalog row recorded for it.
     */
    void setAsideGeneration(String runId, int generation);

    /**
     * Successful trials of any run measured with these supernet weights, in the same way (the run's
     * catalog row records this evaluation fingerprint) and at this fidelity, by architecture key:
     * evaluations that need not be repeated. A run whose row records no evaluation fingerprint (one
     * of an earlier version), or that has no row, contributes none.
     */
    Map<String, TrialRecord> reusable(String supernetSha256, String evaluationFingerprint, int fidelity);

    /** Replaces the run's Pareto rows. */
    void putPareto(String runId, List<ParetoRecord> rows);

    List<ParetoRecord> pareto(String runId);
}
