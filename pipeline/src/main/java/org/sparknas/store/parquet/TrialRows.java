package org.sparknas.store.parquet;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.sparknas.space.Architecture;
import org.sparknas.space.OfaArchitecture;
import org.sparknas.space.OfaSpace;
import org.sparknas.space.SearchSpace;
import org.sparknas.store.TrialRecord;
import org.sparknas.strategy.Metrics;
import org.sparknas.strategy.Trial;
import org.sparknas.strategy.TrialStatus;

/**
 * The {@code trials} table's schema and the conversion between its rows and {@link TrialRecord}s.
 * Fixed columns first, then one column per metric (MACs and parameters as BIGINT, every other
 * metric as DOUBLE), then where and when it ran. The run id is not a column of the files: it is
 * the partition directory {@code run_id=...}.
 */
final class TrialRows {

    static final List<String> FIXED_BEFORE_METRICS = List.of("trial_id", "generation", "strategy", "arch_key", "genes",
            "resolution", "depths", "kernel_sizes", "expand_ratios", "fidelity", "status", "error");
    static final List<String> FIXED_AFTER_METRICS = List.of("eval_seconds", "executor", "device", "evaluator_id",
            "supernet_sha256", "reused_from", "created_at");
    private static final DataType INT_ARRAY = DataTypes.createArrayType(DataTypes.IntegerType, false);

    private final SearchSpace space;

    TrialRows(SearchSpace space) {
        this.space = space;
    }

    /** Metric columns in a stable order: accuracy, loss, macs, params, then the rest by name. */
    static List<String> orderedMetrics(Set<String> metrics) {
        List<String> ordered = new ArrayList<>();
        for (String first : List.of(Metrics.ACCURACY, Metrics.LOSS, Metrics.MACS, Metrics.PARAMS)) {
            if (metrics.contains(first)) {
                ordered.add(first);
            }
        }
        SortedSet<String> rest = new TreeSet<>(metrics);
        rest.removeAll(ordered);
        ordered.addAll(rest);
        return ordered;
    }

    /** MACs and parameters are whole numbers (BIGINT); every other metric is a DOUBLE. */
    static DataType metricType(String metric) {
        return Metrics.isCount(metric) ? DataTypes.LongType : DataTypes.DoubleType;
    }

    static Object metricValue(String metric, Double value) {
        if (value == null) {
            return null;
        }
        return Metrics.isCount(metric) ? (Object) Math.round(value) : (Object) value;
    }

    StructType schema(List<String> metrics) {
        List<StructField> fields = new ArrayList<>();
        fields.add(DataTypes.createStructField("trial_id", DataTypes.LongType, false));
        fields.add(DataTypes.createStructField("generation", DataTypes.IntegerType, false));
        fields.add(DataTypes.createStructField("strategy", DataTypes.StringType, false));
        fields.add(DataTypes.createStructField("arch_key", DataTypes.StringType, false));
        fields.add(DataTypes.createStructField("genes", INT_ARRAY, false));
        fields.add(DataTypes.createStructField("resolution", DataTypes.IntegerType, true));
        fields.add(DataTypes.createStructField("depths", INT_ARRAY, true));
        fields.add(DataTypes.createStructField("kernel_sizes", INT_ARRAY, true));
        fields.add(DataTypes.createStructField("expand_ratios", INT_ARRAY, true));
        fields.add(DataTypes.createStructField("fidelity", DataTypes.IntegerType, false));
        fields.add(DataTypes.createStructField("status", DataTypes.StringType, false));
        fields.add(DataTypes.createStructField("error", DataTypes.StringType, true));
        for (String metric : metrics) {
            fields.add(DataTypes.createStructField(metric, metricType(metric), true));
        }
        fields.add(DataTypes.createStructField("eval_seconds", DataTypes.DoubleType, false));
        fields.add(DataTypes.createStructField("executor", DataTypes.StringType, true));
        fields.add(DataTypes.createStructField("device", DataTypes.StringType, true));
        fields.add(DataTypes.createStructField("evaluator_id", DataTypes.StringType, true));
        fields.add(DataTypes.createStructField("supernet_sha256", DataTypes.StringType, true));
        fields.add(DataTypes.createStructField("reused_from", DataTypes.StringType, true));
        fields.add(DataTypes.createStructField("created_at", DataTypes.TimestampType, false));
        return DataTypes.createStructType(fields);
    }

    Row toRow(TrialRecord record, List<String> metrics) {
        Trial trial = record.trial();
        Architecture arch = trial.architecture();
        List<Object> values = new ArrayList<>();
        values.add(record.trialId());
        values.add(record.generation());
        values.add(record.strategy());
        values.add(arch.key());
        values.add(boxed(arch.genes()));
        Optional<OfaSpace> ofa = OfaSpace.of(space);
        if (ofa.isPresent()) {
            OfaArchitecture view = ofa.get().decode(arch);
            values.add(view.resolution());
            values.add(view.depths());
            values.add(view.flatKernels());
            values.add(view.flatExpandRatios());
        } else {
            values.addAll(Arrays.asList(null, null, null, null));
        }
        values.add(trial.fidelity());
        values.add(trial.status().storeName());
        values.add(trial.error());
        for (String metric : metrics) {
            values.add(metricValue(metric, trial.metrics().get(metric)));
        }
        values.add(record.provenance().evalSeconds());
        values.add(record.provenance().executor());
        values.add(record.provenance().device());
        values.add(record.evaluatorId());
        values.add(record.supernetSha256());
        values.add(record.reusedFrom());
        values.add(record.createdAt());
        return RowFactory.create(values.toArray());
    }

    /** Reads a row back; any numeric column that is not a fixed one is a metric. */
    TrialRecord fromRow(String runId, Row row) {
        StructType schema = row.schema();
        Map<String, Double> metrics = new LinkedHashMap<>();
        for (StructField f : schema.fields()) {
            String name = f.name();
            if (FIXED_BEFORE_METRICS.contains(name) || FIXED_AFTER_METRICS.contains(name) || name.equals("run_id")
                    || name.startsWith("_")) {
                continue;
            }
            Object v = row.get(row.fieldIndex(name));
            if (v instanceof Number n) {
                metrics.put(name, n.doubleValue());
            }
        }
        Architecture arch = space.parse(row.getString(row.fieldIndex("arch_key")));
        TrialStatus status = TrialStatus.valueOf(row.getString(row.fieldIndex("status")).toUpperCase(java.util.Locale.ROOT));
        Trial trial = new Trial(arch, row.getInt(row.fieldIndex("fidelity")), metrics, status, string(row, "error"));
        TrialRecord.Provenance provenance = new TrialRecord.Provenance(row.getDouble(row.fieldIndex("eval_seconds")),
                string(row, "executor"), string(row, "device"));
        Object created = row.get(row.fieldIndex("created_at"));
        Instant createdAt = created instanceof java.sql.Timestamp t ? t.toInstant() : (Instant) created;
        return new TrialRecord(runId, row.getLong(row.fieldIndex("trial_id")), row.getInt(row.fieldIndex("generation")),
                row.getString(row.fieldIndex("strategy")), trial, provenance, string(row, "supernet_sha256"),
                string(row, "reused_from"), string(row, "evaluator_id"), createdAt);
    }

    private static String string(Row row, String field) {
        int i = row.fieldIndex(field);
        return row.isNullAt(i) ? null : row.getString(i);
    }

    private static List<Integer> boxed(int[] values) {
        return Arrays.stream(values).boxed().toList();
    }
}
