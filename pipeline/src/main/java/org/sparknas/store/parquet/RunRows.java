package org.sparknas.store.parquet;

import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.sparknas.store.HypervolumeScale;
import org.sparknas.store.RunRecord;
import org.sparknas.store.RunStatus;

/** The {@code runs} table (run catalog): schema and row conversion. */
final class RunRows {

    static final String EVALUATION_FINGERPRINT = "evaluation_fingerprint";

    static final StructType SCHEMA = DataTypes.createStructType(List.of(
            DataTypes.createStructField("schema_version", DataTypes.IntegerType, false),
            DataTypes.createStructField("status", DataTypes.StringType, false),
            DataTypes.createStructField("strategy", DataTypes.StringType, false),
            DataTypes.createStructField("seed", DataTypes.LongType, false),
            DataTypes.createStructField("objectives", DataTypes.createArrayType(DataTypes.StringType, false), false),
            DataTypes.createStructField("constraints", DataTypes.createArrayType(DataTypes.StringType, false), false),
            DataTypes.createStructField("population", DataTypes.IntegerType, false),
            DataTypes.createStructField("fidelity", DataTypes.IntegerType, false),
            DataTypes.createStructField("generations_total", DataTypes.IntegerType, false),
            DataTypes.createStructField("generations_done", DataTypes.IntegerType, false),
            DataTypes.createStructField("trials_total", DataTypes.LongType, false),
            DataTypes.createStructField("trials_ok", DataTypes.LongType, false),
            DataTypes.createStructField("trials_failed", DataTypes.LongType, false),
            DataTypes.createStructField("trials_reused", DataTypes.LongType, false),
            DataTypes.createStructField("started_at", DataTypes.TimestampType, false),
            DataTypes.createStructField("ended_at", DataTypes.TimestampType, true),
            DataTypes.createStructField("updated_at", DataTypes.TimestampType, false),
            DataTypes.createStructField("supernet_sha256", DataTypes.StringType, true),
            DataTypes.createStructField("space_name", DataTypes.StringType, false),
            DataTypes.createStructField("space_fingerprint", DataTypes.StringType, false),
            DataTypes.createStructField("spark_master", DataTypes.StringType, true),
            DataTypes.createStructField("message", DataTypes.StringType, true),
            DataTypes.createStructField("config_digest", DataTypes.StringType, false),
            DataTypes.createStructField("config_json", DataTypes.StringType, false),
            // Added later, so nullable: rows of earlier versions lack them (and read back without a
            // hypervolume, heartbeat or per-generation counts).
            DataTypes.createStructField("hv_ideal", DataTypes.createArrayType(DataTypes.DoubleType, false), true),
            DataTypes.createStructField("hv_nadir", DataTypes.createArrayType(DataTypes.DoubleType, false), true),
            DataTypes.createStructField("hypervolume", DataTypes.DoubleType, true),
            DataTypes.createStructField("heartbeat_at", DataTypes.TimestampType, true),
            DataTypes.createStructField("generation_trials", DataTypes.createArrayType(DataTypes.IntegerType, false), true),
            // Added on 2026-12-07: rows before it lack it, and their runs' trials are not reused (how they were
            // measured is not known).
            DataTypes.createStructField(EVALUATION_FINGERPRINT, DataTypes.StringType, true)));

    private RunRows() {
    }

    static Row toRow(RunRecord r) {
        return RowFactory.create(r.schemaVersion(), r.status().storeName(), r.strategy(), r.seed(), r.objectives(),
                r.constraints(), r.population(), r.fidelity(), r.generationsTotal(), r.generationsDone(), r.trialsTotal(),
                r.trialsOk(), r.trialsFailed(), r.trialsReused(), r.startedAt(), r.endedAt(), r.updatedAt(),
                r.supernetSha256(), r.spaceName(), r.spaceFingerprint(), r.sparkMaster(), r.message(), r.configDigest(),
                r.configJson(), r.hypervolumeScale() == null ? null : r.hypervolumeScale().ideal(),
                r.hypervolumeScale() == null ? null : r.hypervolumeScale().nadir(),
                Double.isNaN(r.hypervolume()) ? null : r.hypervolume(), r.heartbeatAt(), r.generationTrials(),
                r.evaluationFingerprint());
    }

    static RunRecord fromRow(String runId, Row row) {
        return new RunRecord(runId, row.getInt(row.fieldIndex("schema_version")), row.getString(row.fieldIndex("config_json")),
                row.getString(row.fieldIndex("config_digest")), nullable(row, "supernet_sha256"),
                row.getString(row.fieldIndex("space_name")), row.getString(row.fieldIndex("space_fingerprint")),
                row.getLong(row.fieldIndex("seed")), row.getString(row.fieldIndex("strategy")),
                row.getList(row.fieldIndex("objectives")), row.getList(row.fieldIndex("constraints")),
                row.getInt(row.fieldIndex("population")), row.getInt(row.fieldIndex("fidelity")),
                RunStatus.parse(row.getString(row.fieldIndex("status"))), instant(row, "started_at"),
                instant(row, "ended_at"), instant(row, "updated_at"), row.getInt(row.fieldIndex("generations_total")),
                row.getInt(row.fieldIndex("generations_done")), row.getLong(row.fieldIndex("trials_total")),
                row.getLong(row.fieldIndex("trials_ok")), row.getLong(row.fieldIndex("trials_failed")),
                row.getLong(row.fieldIndex("trials_reused")), nullable(row, "spark_master"), nullable(row, "message"),
                scale(row), has(row, "hypervolume") && !row.isNullAt(row.fieldIndex("hypervolume"))
                        ? row.getDouble(row.fieldIndex("hypervolume")) : Double.NaN,
                has(row, "heartbeat_at") ? instant(row, "heartbeat_at") : null,
                has(row, "generation_trials") && !row.isNullAt(row.fieldIndex("generation_trials"))
                        ? row.getList(row.fieldIndex("generation_trials")) : List.of(), evaluationFingerprint(row));
    }

    /** The row's evaluation fingerprint; null in a row written before the column existed. */
    static String evaluationFingerprint(Row row) {
        return has(row, EVALUATION_FINGERPRINT) ? nullable(row, EVALUATION_FINGERPRINT) : null;
    }

    /** The stored normalisation; null when the row has none (no feasible trial yet, or written before it was stored). */
    private static HypervolumeScale scale(Row row) {
        if (!has(row, "hv_ideal") || !has(row, "hv_nadir") || row.isNullAt(row.fieldIndex("hv_ideal"))
                || row.isNullAt(row.fieldIndex("hv_nadir"))) {
            return null;
        }
        return new HypervolumeScale(row.<Double>getList(row.fieldIndex("hv_ideal")),
                row.<Double>getList(row.fieldIndex("hv_nadir")));
    }

    /** Whether the row's file has the column: a file read without a schema lacks the columns added later. */
    private static boolean has(Row row, String field) {
        return row.schema() != null && java.util.Arrays.asList(row.schema().fieldNames()).contains(field);
    }

    static Instant instant(Row row, String field) {
        Object v = row.get(row.fieldIndex(field));
        if (v == null) {
            return null;
        }
        return v instanceof java.sql.Timestamp t ? t.toInstant() : (Instant) v;
    }

    private static String nullable(Row row, String field) {
        int i = row.fieldIndex(field);
        return row.isNullAt(i) ? null : row.getString(i);
    }
}
