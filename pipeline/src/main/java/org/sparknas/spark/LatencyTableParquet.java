package org.sparknas.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.sparknas.latency.LatencyEntry;
import org.sparknas.latency.LatencyTable;
import org.sparknas.latency.TableInfo;

/**
 * The Parquet form of latency tables, for analysts: {@code <output root>/latency_tables/},
 * partitioned by {@code device}, one row per layer and batch size with the table's description on
 * every row. Writing a device replaces only that device's partition.
 */
public final class LatencyTableParquet {

    public static final String TABLE = "latency_tables";

    static final StructType SCHEMA = new StructType()
            .add("space", DataTypes.StringType, false)
            .add("space_fingerprint", DataTypes.StringType, false)
            .add("compute_device", DataTypes.StringType, false)
            .add("threads", DataTypes.IntegerType, false)
            .add("hardware", DataTypes.StringType, false)
            .add("engine", DataTypes.StringType, false)
            .add("warmup", DataTypes.IntegerType, false)
            .add("repeats", DataTypes.IntegerType, false)
            .add("created", DataTypes.StringType, false)
            .add("kind", DataTypes.StringType, false)
            .add("batch", DataTypes.IntegerType, false)
            .add("layer_key", DataTypes.StringType, false)
            .add("median_ms", DataTypes.DoubleType, false)
            .add("p10_ms", DataTypes.DoubleType, false)
            .add("p90_ms", DataTypes.DoubleType, false)
            .add("device", DataTypes.StringType, false);

    private LatencyTableParquet() {
    }

    /** Writes {@code table} under {@code root}, replacing the partition of its device; returns the table's path. */
    public static String write(SparkSession spark, String root, LatencyTable table) {
        TableInfo i = table.info();
        List<Row> rows = new ArrayList<>();
        for (LatencyEntry e : table.entries()) {
            rows.add(RowFactory.create(i.spaceName(), i.spaceFingerprint(), i.computeDevice(), i.threads(), i.hardware(),
                    i.engine(), i.warmup(), i.repeats(), i.created(), e.key().kind().name().toLowerCase(Locale.ROOT),
                    e.batch(), e.key().text(), e.medianMs(), e.p10Ms(), e.p90Ms(), i.device()));
        }
        String path = root.replaceAll("/+$", "") + "/" + TABLE;
        spark.createDataFrame(rows, SCHEMA).coalesce(1).write().mode(SaveMode.Overwrite)
                .option("partitionOverwriteMode", "dynamic").partitionBy("device").parquet(path);
        return path;
    }
}
