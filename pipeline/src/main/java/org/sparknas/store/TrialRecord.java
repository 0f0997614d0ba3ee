package org.sparknas.store;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import org.sparknas.strategy.Trial;

/**
 * One row of the {@code trials} table: a {@link Trial}, where it belongs in its run, and where and
 * how long it was evaluated.
 *
 * @param trialId        0-based position of the candidate in the run, in ask order
 * @param provenance     where the evaluation ran and how long it took
 * @param supernetSha256 checksum of the supernet weights the trial was measured with
 * @param reusedFrom     the run whose stored measurement was reused instead of evaluating again,
 *                       or null when this run evaluated it
 * @param evaluatorId    the evaluator instance (one per executor JVM and device) that measured it
 */
public record TrialRecord(String runId, long trialId, int generation, String strategy, Trial trial,
                          Provenance provenance, String supernetSha256, String reusedFrom, String evaluatorId, Instant createdAt) {

    public TrialRecord {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(trial, "trial");
        Objects.requireNonNull(provenance, "provenance");
        // The tables keep microseconds (TIMESTAMP_MICROS): hold no more, so a record equals itself read back.
        createdAt = createdAt.truncatedTo(ChronoUnit.MICROS);
    }

    public String archKey() {
        return trial.architecture().key();
    }

    /**
     * Where a trial was evaluated and how long it took; no strategy reads it.
     *
     * @param evalSeconds wall time of the evaluation on the executor
     * @param executor    the Spark executor id (or "driver", "local")
     * @param device      the device the evaluation ran on, e.g. "cpu" or "gpu:0"
     */
    public record Provenance(double evalSeconds, String executor, String device) {

        /** An evaluation in this JVM on the CPU whose time was not measured (tests, tables). */
        public static final Provenance LOCAL = new Provenance(0, "local", "cpu");
    }
}
