package org.sparknas.store.parquet;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.sparknas.config.ConfigException;
import org.sparknas.files.DriverHadoop;
import org.sparknas.space.SearchSpace;
import org.sparknas.store.RunRecord;
import org.sparknas.store.RunSource;
import org.sparknas.store.StoredRun;
import org.sparknas.store.TrialRecord;

/**
 * Reads runs for a report from the Parquet tables under one output root: every run's catalog
 * row, then each chosen run's trials and Pareto rows through {@link ParquetTrialStore}. It reads
 * the files on the driver with parquet-hadoop (no Spark session), and never writes.
 */
public final class ParquetRunSource implements RunSource {

    private final Configuration hadoop;
    private final String root;
    private final Path runsTable;
    private final ParquetRowReader reader;

    /** @param hadoop the configuration of the root's FileSystem, e.g. {@link DriverHadoop#configuration()} */
    public ParquetRunSource(Configuration hadoop, String root) {
        this.hadoop = hadoop;
        this.root = root;
        Path rootPath = new Path(root);
        this.runsTable = new Path(rootPath, "runs");
        FileSystem fs;
        try {
            fs = rootPath.getFileSystem(hadoop);
        } catch (IOException e) {
            throw new ConfigException("output root '" + root + "' cannot be opened: " + e.getMessage()
                    + "; give the directory or Hadoop FileSystem URI that `sparknas search --output` wrote to", e);
        }
        this.reader = new ParquetRowReader(fs, hadoop);
    }

    @Override
    public String root() {
        return root;
    }

    @Override
    public List<RunRecord> runs() {
        List<RunRecord> runs = new ArrayList<>();
        for (Path dir : reader.runDirectories(runsTable)) {
            runs.addAll(rows(dir));
        }
        runs.sort(Comparator.comparing(RunRecord::runId));
        return runs;
    }

    /** The catalog rows of one run's directory of the runs table. */
    private List<RunRecord> rows(Path dir) {
        // The run id is the directory's name as a string: an id such as "2024" stays a string,
        // and one with leading zeros keeps them.
        String runId = ParquetRowReader.runId(dir);
        List<RunRecord> rows = new ArrayList<>();
        for (Path file : reader.visibleFiles(dir)) {
            for (Row row : reader.file(file)) {
                rows.add(RunRows.fromRow(runId, row));
            }
        }
        return rows;
    }

    @Override
    public Catalog catalog() {
        List<RunRecord> runs = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        for (Path dir : reader.runDirectories(runsTable)) {
            try {
                runs.addAll(rows(dir));
            } catch (RuntimeException e) {
                unreadable.add("run " + ParquetRowReader.runId(dir) + ": its catalog row cannot be read (" + e.getMessage() + ")");
            }
        }
        runs.sort(Comparator.comparing(RunRecord::runId));
        return new Catalog(runs, unreadable);
    }

    @Override
    public StoredRun load(RunRecord run, SearchSpace space) {
        // The store's metric set only shapes files it writes; reading needs none.
        ParquetTrialStore store = new ParquetTrialStore(hadoop, root, space, Set.of());
        // A multi-fidelity run also stores its low-rung trials; what is reported and specialised from is the
        // run's own fidelity, as its pareto table and hypervolume are (the trials table keeps every rung).
        List<TrialRecord> full = store.trials(run.runId()).stream().filter(t -> t.trial().fidelity() == run.fidelity())
                .toList();
        return new StoredRun(run, space, full, store.pareto(run.runId()));
    }
}
