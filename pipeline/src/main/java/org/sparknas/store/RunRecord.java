package org.sparknas.store;

import java.time.Instant;
import java.util.List;

/**
 * One row of the {@code runs} table (the run catalog).
 *
 * @param configJson    the run's whole effective configuration, as JSON
 * @param configDigest  SHA-256 of the settings that decide the trajectory (space, strategy, seed,
 *                      goal, fidelity, population, supernet): a resume with other settings is refused
 * @param hypervolumeScale the normalisation of the run's hypervolume; null until the run has a feasible trial,
 *                      and in rows written before it was stored
 * @param hypervolume   the hypervolume after {@code generationsDone} generations, on that scale (the number
 *                      the search printed last); NaN while there is none
 * @param heartbeatAt   when the run's driver last wrote this row: with each catalog write, and every
 *                      minute or so while a generation evaluates; a {@code running} run whose heartbeat
 *                      is old has lost its driver. Null in rows of earlier versions.
 * @param generationTrials the number of trials each stored generation holds (index = generation): what
 *                      a start checks the trial files against. Empty in rows of earlier versions.
 * @param evaluationFingerprint SHA-256 of how the run's trials were measured besides supernet, architecture and
 *                      fidelity (which images, BatchNorm calibration, evaluator): another run reuses its trials only
 *                      for the same value. Null in rows of earlier versions, whose trials are then never reused.
 */
public record RunRecord(String runId, int schemaVersion, String configJson, String configDigest, String supernetSha256,
                        String spaceName, String spaceFingerprint, long seed, String strategy, List<String> objectives,
                        List<String> constraints, int population, int fidelity, RunStatus status, Instant startedAt,
                        Instant endedAt, Instant updatedAt, int generationsTotal, int generationsDone, long trialsTotal,
                        long trialsOk, long trialsFailed, long trialsReused, String sparkMaster, String message,
                        HypervolumeScale hypervolumeScale, double hypervolume, Instant heartbeatAt,
                        List<Integer> generationTrials, String evaluationFingerprint) {

    public RunRecord {
        objectives = List.copyOf(objectives);
        constraints = List.copyOf(constraints);
        generationTrials = List.copyOf(generationTrials);
        startedAt = micros(startedAt);
        endedAt = micros(endedAt);
        updatedAt = micros(updatedAt);
        heartbeatAt = micros(heartbeatAt);
    }

    /**
     * A row as earlier versions wrote it, or a new run's before {@link #withEvaluationFingerprint}: no hypervolume,
     * heartbeat, per-generation counts or evaluation fingerprint.
     */
    public RunRecord(String runId, int schemaVersion, String configJson, String configDigest, String supernetSha256,
                     String spaceName, String spaceFingerprint, long seed, String strategy, List<String> objectives,
                     List<String> constraints, int population, int fidelity, RunStatus status, Instant startedAt,
                     Instant endedAt, Instant updatedAt, int generationsTotal, int generationsDone, long trialsTotal,
                     long trialsOk, long trialsFailed, long trialsReused, String sparkMaster, String message) {
        this(runId, schemaVersion, configJson, configDigest, supernetSha256, spaceName, spaceFingerprint, seed, strategy,
                objectives, constraints, population, fidelity, status, startedAt, endedAt, updatedAt, generationsTotal,
                generationsDone, trialsTotal, trialsOk, trialsFailed, trialsReused, sparkMaster, message, null, Double.NaN,
                null, List.of(), null);
    }

    /** A live driver beats every 30 s; a running run silent for this long is stale: its driver is gone. */
    public static final long STALE_AFTER_SECONDS = 300;
    public static final java.time.Duration STALE_AFTER = java.time.Duration.ofSeconds(STALE_AFTER_SECONDS);

    /** The last sign of life of the run's driver: its heartbeat, or its last update in rows without one. */
    public Instant lastBeat() {
        return heartbeatAt != null ? heartbeatAt : updatedAt;
    }

    /** Running, with its driver's last heartbeat more than {@code staleAfter} before {@code now}. */
    public boolean isStale(Instant now, java.time.Duration staleAfter) {
        Instant beat = lastBeat();
        return status == RunStatus.RUNNING && beat != null && java.time.Duration.between(beat, now).compareTo(staleAfter) > 0;
    }

    /** Running and not stale: its driver may still write. */
    public boolean isLive(Instant now, java.time.Duration staleAfter) {
        return status == RunStatus.RUNNING && !isStale(now, staleAfter);
    }

    /** The tables keep microseconds (TIMESTAMP_MICROS): hold no more, so a record equals itself read back. */
    private static Instant micros(Instant t) {
        return t == null ? null : t.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }

    public RunRecord progressed(int generationsDone, long total, long ok, long failed, long reused, Instant now) {
        return new RunRecord(runId, schemaVersion, configJson, configDigest, supernetSha256, spaceName, spaceFingerprint,
                seed, strategy, objectives, constraints, population, fidelity, status, startedAt, endedAt, now,
                generationsTotal, generationsDone, total, ok, failed, reused, sparkMaster, message, hypervolumeScale,
                hypervolume, now, generationTrials, evaluationFingerprint);
    }

    /** The same run with the hypervolume after its latest generation, and the scale it is on. */
    public RunRecord withHypervolume(HypervolumeScale scale, double value) {
        return new RunRecord(runId, schemaVersion, configJson, configDigest, supernetSha256, spaceName, spaceFingerprint,
                seed, strategy, objectives, constraints, population, fidelity, status, startedAt, endedAt, updatedAt,
                generationsTotal, generationsDone, trialsTotal, trialsOk, trialsFailed, trialsReused, sparkMaster, message,
                scale, value, heartbeatAt, generationTrials, evaluationFingerprint);
    }

    public RunRecord withStatus(RunStatus newStatus, Instant now, String newMessage) {
        Instant end = newStatus == RunStatus.RUNNING ? null : now;
        return new RunRecord(runId, schemaVersion, configJson, configDigest, supernetSha256, spaceName, spaceFingerprint,
                seed, strategy, objectives, constraints, population, fidelity, newStatus, startedAt, end, now,
                generationsTotal, generationsDone, trialsTotal, trialsOk, trialsFailed, trialsReused, sparkMaster,
                newMessage, hypervolumeScale, hypervolume, now, generationTrials, evaluationFingerprint);
    }

    /** The same run with another number of generations to reach (a finished run can be extended). */
    public RunRecord withTotal(int generations) {
        return new RunRecord(runId, schemaVersion, configJson, configDigest, supernetSha256, spaceName, spaceFingerprint,
                seed, strategy, objectives, constraints, population, fidelity, status, startedAt, endedAt, updatedAt,
                generations, generationsDone, trialsTotal, trialsOk, trialsFailed, trialsReused, sparkMaster, message,
                hypervolumeScale, hypervolume, heartbeatAt, generationTrials, evaluationFingerprint);
    }

    /** The same row with a newer heartbeat (the driver is alive), nothing else changed. */
    public RunRecord withHeartbeat(Instant now) {
        return new RunRecord(runId, schemaVersion, configJson, configDigest, supernetSha256, spaceName, spaceFingerprint,
                seed, strategy, objectives, constraints, population, fidelity, status, startedAt, endedAt, updatedAt,
                generationsTotal, generationsDone, trialsTotal, trialsOk, trialsFailed, trialsReused, sparkMaster, message,
                hypervolumeScale, hypervolume, now, generationTrials, evaluationFingerprint);
    }

    /** The same row recording how many trials each stored generation holds. */
    public RunRecord withGenerationTrials(List<Integer> counts) {
        return new RunRecord(runId, schemaVersion, configJson, configDigest, supernetSha256, spaceName, spaceFingerprint,
                seed, strategy, objectives, constraints, population, fidelity, status, startedAt, endedAt, updatedAt,
                generationsTotal, generationsDone, trialsTotal, trialsOk, trialsFailed, trialsReused, sparkMaster, message,
                hypervolumeScale, hypervolume, heartbeatAt, counts, evaluationFingerprint);
    }

    /** The same row recording how its run's trials are measured ({@code evaluation_fingerprint}). */
    public RunRecord withEvaluationFingerprint(String fingerprint) {
        return new RunRecord(runId, schemaVersion, configJson, configDigest, supernetSha256, spaceName, spaceFingerprint,
                seed, strategy, objectives, constraints, population, fidelity, status, startedAt, endedAt, updatedAt,
                generationsTotal, generationsDone, trialsTotal, trialsOk, trialsFailed, trialsReused, sparkMaster, message,
                hypervolumeScale, hypervolume, heartbeatAt, generationTrials, fingerprint);
    }
}
