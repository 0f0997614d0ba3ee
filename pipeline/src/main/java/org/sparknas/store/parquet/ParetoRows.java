package org.sparknas.store.parquet;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.sparknas.store.ParetoRecord;

/** The {@code pareto} table: the first fronts per objective set, with every metric of each trial as a column. */
final class ParetoRows {

    private static final List<String> FIXED = List.of("objective_set", "rank", "trial_id", "generation", "arch_key");

    private ParetoRows() {
    }

    static StructType schema(List<String> metrics) {
        List<StructField> fields = new ArrayList<>();
        fields.add(DataTypes.createStructField("objective_set", DataTypes.StringType, false));
        fields.add(DataTypes.createStructField("rank", DataTypes.IntegerType, false));
        fields.add(DataTypes.createStructField("trial_id", DataTypes.LongType, false));
        fields.add(DataTypes.createStructField("generation", DataTypes.IntegerType, false));
        fields.add(DataTypes.createStructField("arch_key", DataTypes.StringType, false));
        for (String metric : metrics) {
            fields.add(DataTypes.createStructField(metric, TrialRows.metricType(metric), true));
        }
        return DataTypes.createStructType(fields);
    }

    static List<String> metrics(List<ParetoRecord> rows) {
        Set<String> names = new java.util.TreeSet<>();
        rows.forEach(r -> names.addAll(r.values().keySet()));
        return TrialRows.orderedMetrics(names);
    }

    static Row toRow(ParetoRecord r, List<String> metrics) {
        List<Object> values = new ArrayList<>(List.of(r.objectiveSet(), r.rank(), r.trialId(), r.generation(), r.archKey()));
        for (String m : metrics) {
            values.add(TrialRows.metricValue(m, r.values().get(m)));
        }
        return RowFactory.create(values.toArray());
    }

    static ParetoRecord fromRow(String runId, Row row) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (StructField f : row.schema().fields()) {
            if (!FIXED.contains(f.name()) && !f.name().equals("run_id")) {
                Object v = row.get(row.fieldIndex(f.name()));
                if (v instanceof Number n) {
                    values.put(f.name(), n.doubleValue());
                }
            }
        }
        return new ParetoRecord(runId, row.getString(row.fieldIndex("objective_set")), row.getInt(row.fieldIndex("rank")),
                row.getLong(row.fieldIndex("trial_id")), row.getInt(row.fieldIndex("generation")),
                row.getString(row.fieldIndex("arch_key")), values);
    }
}
