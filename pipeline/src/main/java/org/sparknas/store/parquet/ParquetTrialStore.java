package org.sparknas.store.parquet;

import java.io.FileNotFoundException;
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
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparknas.config.ConfigException;
import org.sparknas.files.AtomicReplace;
import org.sparknas.files.DriverHadoop;
import org.sparknas.space.SearchSpace;
import org.sparknas.store.DamagedFileException;
import org.sparknas.store.ParetoRecord;
import org.sparknas.store.RunLease;
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
 * another run's directory, so no write can wipe another run. The files are written and read on
 * the driver with parquet-hadoop ({@link AtomicParquetFiles}, {@link ParquetRowReader}), so the
 * store needs a Hadoop configuration (for hdfs://, s3a://), not a Spark session.
 */
public final class ParquetTrialStore implements TrialStore {

    private static final Logger LOG = LoggerFactory.getLogger(ParquetTrialStore.class);

    public static final int SCHEMA_VERSION = 1;

    private final String root;
    private final Path rootPath;
    private final FileSystem fs;
    private final TrialRows trialRows;
    private final String spaceFingerprint;
    private final List<String> metrics;
    private final AtomicParquetFiles files;
    private final ParquetRowReader reader;
    /** The runs without an evaluation fingerprint that the log has named already. */
    private final Set<String> reportedUnknown = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * @param metrics the metric columns every trial file of this store gets (the evaluator's metrics),
     *                so that a generation in which every candidate failed still has them
     * @param hadoop  the configuration of the root's FileSystem: a search passes its Spark context's
     *                ({@code sparkContext().hadoopConfiguration()}), a command that only reads, the
     *                driver's ({@link DriverHadoop#configuration()})
     */
    public ParquetTrialStore(Configuration hadoop, String root, SearchSpace space, Set<String> metrics) {
        this.root = root;
        this.rootPath = new Path(root);
        try {
            this.fs = rootPath.getFileSystem(hadoop);
        } catch (IOException e) {
            throw new ConfigException("output root '" + root + "' cannot be opened: " + e.getMessage()
                    + "; give a local directory or a Hadoop FileSystem URI (hdfs://, s3a://, file://)", e);
        }
        this.trialRows = new TrialRows(space);
        this.spaceFingerprint = space.fingerprint();
        this.metrics = TrialRows.orderedMetrics(metrics);
        this.files = new AtomicParquetFiles(fs, hadoop);
        this.reader = new ParquetRowReader(fs, hadoop);
    }

    /** Checks that the root can be created and written, before a search starts. */
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
        return new Path(table(table), ParquetRowReader.RUN_PREFIX + runId);
    }

    /** The damage, with the generation its file holds when it is a {@code gen-NNNNN.parquet} trial file. */
    private static DamagedFileException generationOf(DamagedFileException e) {
        java.util.regex.Matcher m = GENERATION_FILE.matcher(new Path(e.file()).getName());
        return m.matches() ? e.ofGeneration(Integer.parseInt(m.group(1))) : e;
    }

    private static final java.util.regex.Pattern GENERATION_FILE = java.util.regex.Pattern.compile("gen-(\\d{5,})\\.parquet");

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
        List<Row> rows = reader.file(file);
        if (rows.size() != 1) {
            throw new IllegalStateException(file + " holds " + rows.size() + " rows; a run's catalog file holds one");
        }
        return Optional.of(RunRows.fromRow(runId, rows.get(0)));
    }

    /** How long a run's writer may show no sign of life before another driver takes the run over. */
    static final java.time.Duration WRITER_STALE_AFTER = java.time.Duration.ofMinutes(5);

    @Override
    public RunLease lockRun(String runId) {
        return new RunWriterLock(fs, partition("runs", runId), runId,
                () -> run(runId).map(r -> r.heartbeatAt() != null ? r.heartbeatAt() : r.updatedAt()),
                WRITER_STALE_AFTER, java.time.Clock.systemUTC()).acquire();
    }

    @Override
    public void putRun(RunRecord run) {
        files.replace(RunRows.SCHEMA, List.of(RunRows.toRow(run)), new Path(partition("runs", run.runId()), "run.parquet"));
    }

    @Override
    public List<TrialRecord> trials(String runId) {
        List<TrialRecord> out = new ArrayList<>();
        List<Row> rows;
        try {
            rows = reader.directory(partition("trials", runId));
        } catch (DamagedFileException e) {
            throw generationOf(e);
        }
        for (Row row : rows) {
            out.add(trialRows.fromRow(runId, row));
        }
        out.sort(Comparator.comparingLong(TrialRecord::trialId));
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
    public Map<String, TrialRecord> reusable(String supernetSha256, String evaluationFingerprint, int fidelity) {
        List<TrialRecord> matching = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (Path run : reader.runDirectories(table("trials"))) {
            // The run id is the directory's name as written, never a type inferred from it ("007" stays "007").
            String runId = ParquetRowReader.runId(run);
            Optional<Row> catalog = catalogRow(runId);
            if (catalog == null) {
                continue; // a damaged catalog row: the warning named it
            }
            String measured = catalog.map(RunRows::evaluationFingerprint).orElse(null);
            if (measured == null) {
                // A run of an earlier version (or one killed before its first catalog write): how its trials were
                // measured (which images, how many calibrated BatchNorm) is not known, so none is taken as this run's.
                unknown.add(runId);
                continue;
            }
            if (!measured.equals(evaluationFingerprint)) {
                // Measured on other images, or with BatchNorm calibrated otherwise: other numbers for the same key.
                continue;
            }
            if (!spaceFingerprint.equals(catalog.get().getString(catalog.get().fieldIndex("space_fingerprint")))) {
                // A run of another space with the same supernet (one space adds precisions to the other's
                // network): its keys are not this space's and its trials measured other candidates.
                continue;
            }
            List<Row> rows;
            try {
                rows = reader.directory(run);
            } catch (DamagedFileException e) {
                // Another run's damage must not stop this one: its trials are simply not reused (evaluated
                // again); that run's own next start deals with the file.
                LOG.warn("not reusing the trials of run {}: {}", runId, e.getMessage());
                continue;
            }
            for (Row row : rows) {
                if ("ok".equals(row.getString(row.fieldIndex("status")))
                        && supernetSha256.equals(row.getString(row.fieldIndex("supernet_sha256")))
                        && row.getInt(row.fieldIndex("fidelity")) == fidelity) {
                    matching.add(trialRows.fromRow(runId, row));
                }
            }
        }
        reportUnknown(unknown);
        // The first stored evaluation of an architecture is the one reused.
        matching.sort(Comparator.comparing(TrialRecord::createdAt).thenComparing(TrialRecord::runId)
                .thenComparingLong(TrialRecord::trialId));
        Map<String, TrialRecord> byKey = new HashMap<>();
        matching.forEach(t -> byKey.putIfAbsent(t.archKey(), t));
        return byKey;
    }

    /** Says once per store (a search asks once per fidelity) which runs' trials are left out for want of a fingerprint. */
    private void reportUnknown(List<String> runs) {
        List<String> fresh = runs.stream().filter(reportedUnknown::add).sorted().toList();
        if (!fresh.isEmpty()) {
            LOG.info("not reusing the trials of {} run(s) whose catalog row records no evaluation fingerprint (written"
                    + " before sparknas recorded how trials were measured, or killed before its first catalog write);"
                    + " what they measured is evaluated again: {}", fresh.size(), String.join(", ", fresh));
        }
    }

    /**
     * Run {@code runId}'s catalog row, read without touching its files (another driver may be writing
     * them); empty when it has none, null (after a warning naming it) when it cannot be read.
     *
     * <p>A writer replaces the row by writing a complete pending file, removing the old file, then
     * renaming the pending one into place: a reader that finds the file gone reads the pending one, and
     * one that finds neither (the rename fell between its looks) looks again.
     */
    private Optional<Row> catalogRow(String runId) {
        Path file = new Path(partition("runs", runId), "run.parquet");
        try {
            for (int look = 0; look < CATALOG_LOOKS; look++) {
                for (Path candidate : List.of(file, AtomicReplace.pending(file))) {
                    try {
                        if (fs.exists(candidate)) {
                            List<Row> rows = reader.file(candidate);
                            return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
                        }
                    } catch (UncheckedIOException e) {
                        if (!(e.getCause() instanceof FileNotFoundException)) {
                            throw e;
                        }
                        // renamed or removed between the look and the read: the next candidate or look finds it
                    }
                }
            }
            return Optional.empty();
        } catch (DamagedFileException | IllegalArgumentException | UncheckedIOException | IOException e) {
            LOG.warn("not reusing the trials of run {}: its catalog row cannot be read: {}", runId, e.getMessage());
            return null;
        }
    }

    /** How often a catalog row is looked for before its run is taken to have none (see {@link #catalogRow}). */
    private static final int CATALOG_LOOKS = 3;

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
        return reader.file(file).stream().map(row -> ParetoRows.fromRow(runId, row)).toList();
    }
}
