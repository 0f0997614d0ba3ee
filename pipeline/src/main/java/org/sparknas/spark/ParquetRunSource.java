package org.sparknas.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.sparknas.config.ConfigException;
import org.sparknas.report.RunSource;
import org.sparknas.report.StoredRun;
import org.sparknas.space.SearchSpace;
import org.sparknas.store.RunRecord;

/**
 * Reads runs for a report from the Parquet tables under one output root: the whole run catalog
 * in one Spark read, then each chosen run's trials and Pareto rows through {@link ParquetTrialStore}.
 * It never writes.
 */
public final class ParquetRunSource implements RunSource {

    private static final String PREFIX = "run_id=";

    private final SparkSession spark;
    private final String root;
    private final Path runsTable;
    private final FileSystem fs;

    public ParquetRunSource(SparkSession spark, String root) {
        this.spark = spark;
        this.root = root;
        Path rootPath = new Path(root);
        this.runsTable = new Path(rootPath, "runs");
        try {
            this.fs = rootPath.getFileSystem(spark.sparkContext().hadoopConfiguration());
        } catch (IOException e) {
            throw new ConfigException("output root '" + root + "' cannot be opened: " + e.getMessage()
                    + "; give the directory or Hadoop FileSystem URI that `sparknas search --output` wrote to", e);
        }
    }

    @Override
    public String root() {
        return root;
    }

    @Override
    public List<RunRecord> runs() {
        if (!hasCatalogFiles()) {
            return List.of();
        }
        // The run id is given as a string column: left to inference, an id such as "2024" would
        // come back as an integer, and an id with leading zeros would lose them.
        StructType schema = RunRows.SCHEMA.add(DataTypes.createStructField("run_id", DataTypes.StringType, false));
        List<Row> rows = spark.read().schema(schema).parquet(runsTable.toString()).collectAsList();
        List<RunRecord> runs = new ArrayList<>(rows.size());
        for (Row row : rows) {
            runs.add(RunRows.fromRow(row.getString(row.fieldIndex("run_id")), row));
        }
        runs.sort(Comparator.comparing(RunRecord::runId));
        return runs;
    }

    @Override
    public StoredRun load(RunRecord run, SearchSpace space) {
        // The store's metric set only shapes files it writes; reading needs none.
        ParquetTrialStore store = new ParquetTrialStore(spark, root, space, Set.of());
        return new StoredRun(run, space, store.trials(run.runId()), store.pareto(run.runId()));
    }

    /** Whether some {@code runs/run_id=.../run.parquet} exists (a fresh or foreign root has none). */
    private boolean hasCatalogFiles() {
        try {
            if (!fs.exists(runsTable)) {
                return false;
            }
            for (FileStatus dir : fs.listStatus(runsTable)) {
                if (dir.isDirectory() && dir.getPath().getName().startsWith(PREFIX)
                        && fs.exists(new Path(dir.getPath(), "run.parquet"))) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + runsTable + ": " + e.getMessage(), e);
        }
    }
}
