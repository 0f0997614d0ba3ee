package org.sparknas.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.sparknas.config.ConfigException;
import org.sparknas.space.SearchSpace;
import org.sparknas.store.ParetoRecord;
import org.sparknas.store.RunRecord;
import org.sparknas.store.TrialRecord;
import org.sparknas.store.TrialStore;

/**
 * The Parquet tables under one output root (a local path or any Hadoop FileSystem URI):
 *
 * <pre>
 * ROOT/trials/run_id=RUN/gen-00000.parquet   one file per generation, written once
 * ROOT/pareto/run_id=RUN/pareto.parquet       the run's first fronts, replaced after each generation
 * ROOT/runs/run_id=RUN/run.parquet            the run's catalog row, replaced as the run progresses
 * </pre>
 *
 * A 10,000-trial run with a population of 50 is 200 trial files, not 10,000. Writes never touch
 * another run's directory, so no write can wipe another run.
 */
public final class ParquetTrialStore implements TrialStore {

    public static final int SCHEMA_VERSION = 1;

    private final SparkSession spark;
    private final String root;
    private final Path rootPath;
    private final FileSystem fs;
    private final TrialRows trialRows;
    private final List<String> metrics;
    private final AtomicParquetFiles files;

    /**
     * @param metrics the metric columns every trial file of this store gets (the evaluator's metrics),
     *                so that a generation in which every candidate failed still has them
     */
    public ParquetTrialStore(SparkSession spark, String root, SearchSpace space, Set<String> metrics) {
        this.spark = spark;
        this.root = root;
        this.rootPath = new Path(root);
        try {
            this.fs = rootPath.getFileSystem(spark.sparkContext().hadoopConfiguration());
        } catch (IOException e) {
            throw new ConfigException("output root '" + root + "' cannot be opened: " + e.getMessage()
                    + "; give a local directory or a Hadoop FileSystem URI (hdfs://, s3a://, file://)", e);
        }
        this.trialRows = new TrialRows(space);
        this.metrics = TrialRows.orderedMetrics(metrics);
        this.files = new AtomicParquetFiles(fs, spark.sparkContext().hadoopConfiguration());
    }

    /** Checks that the root can be created and written, before any Spark job runs. */
    public void checkWritable() {
        Path probe = new Path(rootPath, ".write-probe-" + java.util.UUID.randomUUID());
        try {
            fs.mkdirs(rootPath);
            fs.create(probe, false).close();
            fs.delete(probe, false);
        } catch (IOException | RuntimeException e) {
            throw new ConfigException("output root '" + root + "' is not writable: " + e.getMessage()
                    + "; choose another --output or fix its permissions", e);
        }
    }

    @Override
    public String root() {
        return root;
    }

    Path table(String name) {
        return new Path(rootPath, name);
    }

    private Path partition(String table, String runId) {
        return new Path(table(table), "run_id=" + runId);
    }

    static String generationFile(int generation) {
        return String.format("gen-%05d.parquet", generation);
    }

    @Override
    public Optional<RunRecord> run(String runId) {
        Path file = new Path(partition("runs", runId), "run.parquet");
        files.recover(file);
        if (!files.exists(file)) {
            return Optional.empty();
        }
        List<Row> rows = spark.read().parquet(file.toString()).collectAsList();
        if (rows.size() != 1) {
            throw new IllegalStateException(file + " holds " + rows.size() + " rows; a run's catalog file holds one");
        }
        return Optional.of(RunRows.fromRow(runId, rows.get(0)));
    }

    @Override
    public void putRun(RunRecord run) {
        files.replace(RunRows.SCHEMA, List.of(RunRows.toRow(run)), new Path(partition("runs", run.runId()), "run.parquet"));
    }

    @Override
    public List<TrialRecord> trials(String runId) {
        Path dir = partition("trials", runId);
        if (!hasParquet(dir)) {
            return List.of();
        }
        List<Row> rows = spark.read().option("mergeSchema", "true").parquet(dir.toString()).orderBy("trial_id").collectAsList();
        List<TrialRecord> out = new ArrayList<>(rows.size());
        for (Row row : rows) {
            out.add(trialRows.fromRow(runId, row));
        }
        return out;
    }

    @Override
    public void appendGeneration(String runId, int generation, List<TrialRecord> trials) {
        Set<String> names = new LinkedHashSet<>(metrics);
        trials.forEach(t -> names.addAll(t.trial().metrics().keySet()));
        List<String> columns = TrialRows.orderedMetrics(names);
        List<Row> rows = new ArrayList<>(trials.size());
        for (TrialRecord t : trials) {
            if (!t.runId().equals(runId) || t.generation() != generation) {
                throw new IllegalArgumentException("trial " + t.trialId() + " belongs to run " + t.runId() + " generation "
                        + t.generation() + ", not " + runId + " generation " + generation);
            }
            rows.add(trialRows.toRow(t, columns));
        }
        files.create(trialRows.schema(columns), rows, new Path(partition("trials", runId), generationFile(generation)));
    }

    @Override
    public void setAsideGeneration(String runId, int generation) {
        files.setAside(new Path(partition("trials", runId), generationFile(generation)), "set-aside");
    }

    @Override
    public Map<String, TrialRecord> reusable(String supernetSha256, int fidelity) {
        Path dir = table("trials");
        if (!hasParquetBelow(dir)) {
            return Map.of();
        }
        // The run id is taken from each file's directory name, not from Spark's partition discovery,
        // which would turn a run id such as "007" into the integer 7.
        Dataset<Row> all = spark.read().option("mergeSchema", "true").option("basePath", dir.toString())
                .parquet(dir.toString())
                .drop("run_id")
                .withColumn(SOURCE_FILE, functions.input_file_name());
        List<Row> rows = all.filter(functions.col("status").equalTo("ok")
                        .and(functions.col("supernet_sha256").equalTo(supernetSha256))
                        .and(functions.col("fidelity").equalTo(fidelity)))
                .collectAsList();
        Map<String, TrialRecord> byKey = new HashMap<>();
        rows.stream()
                .map(row -> trialRows.fromRow(runIdOf(row.getString(row.fieldIndex(SOURCE_FILE))), row))
                .sorted(Comparator.comparing(TrialRecord::createdAt).thenComparing(TrialRecord::runId)
                        .thenComparingLong(TrialRecord::trialId))
                .forEach(t -> byKey.putIfAbsent(t.archKey(), t));
        return byKey;
    }

    private static final String SOURCE_FILE = "_source_file";

    /** The run id of a trial file, from its {@code run_id=...} directory (URL-decoded, as Spark writes paths as URIs). */
    static String runIdOf(String fileUri) {
        String parent = new Path(fileUri).getParent().getName();
        if (!parent.startsWith("run_id=")) {
            throw new IllegalStateException("trial file " + fileUri + " is not inside a run_id=... directory");
        }
        return java.net.URLDecoder.decode(parent.substring("run_id=".length()), java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public void putPareto(String runId, List<ParetoRecord> rows) {
        List<String> columns = ParetoRows.metrics(rows);
        List<Row> data = rows.stream().map(r -> ParetoRows.toRow(r, columns)).toList();
        files.replace(ParetoRows.schema(columns), data, new Path(partition("pareto", runId), "pareto.parquet"));
    }

    @Override
    public List<ParetoRecord> pareto(String runId) {
        Path file = new Path(partition("pareto", runId), "pareto.parquet");
        files.recover(file);
        if (!files.exists(file)) {
            return List.of();
        }
        return spark.read().parquet(file.toString()).collectAsList().stream()
                .map(row -> ParetoRows.fromRow(runId, row)).toList();
    }

    private boolean hasParquet(Path dir) {
        try {
            if (!fs.exists(dir)) {
                return false;
            }
            for (FileStatus s : fs.listStatus(dir)) {
                if (s.isFile() && s.getPath().getName().endsWith(".parquet") && !s.getPath().getName().startsWith(".")) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    private boolean hasParquetBelow(Path dir) {
        try {
            if (!fs.exists(dir)) {
                return false;
            }
            for (FileStatus s : fs.listStatus(dir)) {
                if (s.isDirectory() && hasParquet(s.getPath())) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }
}
