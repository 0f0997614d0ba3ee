package org.sparknas.store;

import java.time.Instant;
import java.util.List;

/**
 * One row of the {@code runs} table (the run catalog).
 *
 * @param configJson    the run's whole effective configuration, as JSON
 * @param configDigest  SHA-256 of the settings that decide the trajectory (space, strategy, seed,
 *                      goal, fidelity, population, supernet): a resume with other settings is refused
 */
public record RunRecord(String runId, int schemaVersion, String configJson, String configDigest, String supernetSha256,
                        String spaceName, String spaceFingerprint, long seed, String strategy, List<String> objectives,
                        List<String> constraints, int population, int fidelity, RunStatus status, Instant startedAt,
                        Instant endedAt, Instant updatedAt, int generationsTotal, int generationsDone, long trialsTotal,
                        long trialsOk, long trialsFailed, long trialsReused, String sparkMaster, String message) {

    public RunRecord {
        objectives = List.copyOf(objectives);
        constraints = List.copyOf(constraints);
        startedAt = micros(startedAt);
        endedAt = micros(endedAt);
        updatedAt = micros(updatedAt);
    }

    /** The tables keep microseconds (TIMESTAMP_MICROS): hold no more, so a record equals itself read back. */
    private static Instant micros(Instant t) {
        return t == null ? null : t.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }

    public RunRecord progressed(int generationsDone, long total, long ok, long failed, long reused, Instant now) {
        return new RunRecord(runId, schemaVersion, configJson, configDigest, supernetSha256, spaceName, spaceFingerprint,
                seed, strategy, objectives, constraints, population, fidelity, status, startedAt, endedAt, now,
                generationsTotal, generationsDone, total, ok, failed, reused, sparkMaster, message);
    }

    public RunRecord withStatus(RunStatus newStatus, Instant now, String newMessage) {
        Instant end = newStatus == RunStatus.RUNNING ? null : now;
        return new RunRecord(runId, schemaVersion, configJson, configDigest, supernetSha256, spaceName, spaceFingerprint,
                seed, strategy, objectives, constraints, population, fidelity, newStatus, startedAt, end, now,
                generationsTotal, generationsDone, trialsTotal, trialsOk, trialsFailed, trialsReused, sparkMaster,
                newMessage);
    }

    /** The same run with another number of generations to reach (a finished run can be extended). */
    public RunRecord withTotal(int generations) {
        return new RunRecord(runId, schemaVersion, configJson, configDigest, supernetSha256, spaceName, spaceFingerprint,
                seed, strategy, objectives, constraints, population, fidelity, status, startedAt, endedAt, updatedAt,
                generations, generationsDone, trialsTotal, trialsOk, trialsFailed, trialsReused, sparkMaster, message);
    }
}
