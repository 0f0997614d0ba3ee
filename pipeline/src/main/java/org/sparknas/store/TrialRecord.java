package org.sparknas.store;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import org.sparknas.strategy.Trial;

/**
 * One row of the {@code trials} table: a {@link Trial} and where it belongs in its run.
 *
 * @param trialId        0-based position of the candidate in the run, in ask order
 * @param supernetSha256 checksum of the supernet weights the trial was measured with
 * @param reusedFrom     the run whose stored measurement was reused instead of evaluating again,
 *                       or null when this run evaluated it
 * @param evaluatorId    the evaluator instance (one per executor JVM and device) that measured it
 */
public record TrialRecord(String runId, long trialId, int generation, String strategy, Trial trial,
                          String supernetSha256, String reusedFrom, String evaluatorId, Instant createdAt) {

    public TrialRecord {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(trial, "trial");
        // The tables keep microseconds (TIMESTAMP_MICROS): hold no more, so a record equals itself read back.
        createdAt = createdAt.truncatedTo(ChronoUnit.MICROS);
    }

    public String archKey() {
        return trial.architecture().key();
    }
}
