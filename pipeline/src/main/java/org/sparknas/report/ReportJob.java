package org.sparknas.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.sparknas.config.ConfigException;
import org.sparknas.store.RunRecord;

/**
 * A report over one or more runs of an output root, written into a local directory:
 * {@code index.html}, {@code runs/RUN/...} per run, and {@code cross-run/...} when there are
 * several. Every input is checked (the runs exist, several runs can be compared) before the
 * first file is written, so a refused report leaves no half-written directory.
 */
public final class ReportJob {

    private final RunSource source;
    private final Path directory;
    private final Clock clock;

    public ReportJob(RunSource source, Path directory, Clock clock) {
        this.source = source;
        this.directory = directory;
        this.clock = clock;
    }

    /** @param runIds the runs to report on; empty for every run under the root */
    public ReportResult run(List<String> runIds) {
        List<RunRecord> chosen = RunSelection.choose(source.root(), source.runs(), runIds);
        List<StoredRun> runs = new ArrayList<>();
        for (RunRecord run : chosen) {
            runs.add(source.load(run, RunSpace.of(run)));
        }
        if (runs.size() > 1) {
            CrossRun.checkComparable(runs);
        }
        prepareDirectory();
        ReportFiles files = new ReportFiles(directory);
        List<String> written = new ArrayList<>();
        Optional<CrossRunReport> crossRun = Optional.empty();
        if (runs.size() > 1) {
            crossRun = Optional.of(new CrossRunWriter(files).write(runs));
            written.addAll(crossRun.get().files());
        }
        List<RunReport> reports = new ArrayList<>();
        RunReportWriter runWriter = new RunReportWriter(files);
        for (StoredRun run : runs) {
            RunReport report = runWriter.write(run);
            reports.add(report);
            written.addAll(report.files());
        }
        written.add(files.text("index.html", ReportPage.render(source.root(), clock.instant(), reports, crossRun)));
        return new ReportResult(directory, directory.resolve("index.html"), chosen.stream().map(RunRecord::runId).toList(),
                crossRun.isPresent(), written);
    }

    private void prepareDirectory() {
        if (Files.exists(directory) && !Files.isDirectory(directory)) {
            throw new ConfigException("report directory '" + directory + "' is a file; give a directory with --report");
        }
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create report directory " + directory + ": " + e.getMessage(), e);
        }
        if (!Files.isWritable(directory)) {
            throw new ConfigException("report directory '" + directory + "' is not writable; choose another --report");
        }
    }
}
