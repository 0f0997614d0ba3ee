package org.sparknas.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sparknas.config.ConfigException;
import org.sparknas.store.RunRecord;
import org.sparknas.store.RunSource;
import org.sparknas.store.StoredRun;

/**
 * A report over one or more runs of an output root, written into a local directory:
 * {@code index.html}, {@code runs/RUN/...} per run, and {@code cross-run/...} for the runs that
 * share supernet, objectives and constraints ({@code cross-run/1/}, {@code cross-run/2/}, ... when
 * several groups do). Every run is reported; runs that share nothing with another are compared
 * with none, and the page says why. Every input is checked (the runs exist and can be read)
 * before the first file is written, so a refused report leaves no half-written directory.
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
        Map<String, RunHypervolume> hypervolumes = new LinkedHashMap<>();
        for (RunRecord run : chosen) {
            StoredRun stored = source.load(run, RunSpace.of(run));
            runs.add(stored);
            hypervolumes.put(run.runId(), RunHypervolume.of(stored, RunGoal.of(run)));
        }
        CrossRun.Grouping grouping = CrossRun.groups(runs);
        prepareDirectory();
        ReportFiles files = new ReportFiles(directory);
        List<String> written = new ArrayList<>();
        List<CrossRunReport> crossRuns = new ArrayList<>();
        List<List<StoredRun>> comparisons = grouping.comparisons();
        for (int i = 0; i < comparisons.size(); i++) {
            boolean one = comparisons.size() == 1;
            CrossRunReport c = new CrossRunWriter(files, one ? "cross-run" : "cross-run/" + (i + 1),
                    one ? "cross-run" : "cross-run-" + (i + 1)).write(comparisons.get(i), hypervolumes);
            crossRuns.add(c);
            written.addAll(c.files());
        }
        List<RunReport> reports = new ArrayList<>();
        RunReportWriter runWriter = new RunReportWriter(files);
        for (StoredRun run : runs) {
            RunReport report = runWriter.write(run, hypervolumes.get(run.runId()));
            reports.add(report);
            written.addAll(report.files());
        }
        written.add(files.text("index.html", ReportPage.render(source.root(), clock.instant(), reports, crossRuns,
                grouping.alone())));
        return new ReportResult(directory, directory.resolve("index.html"), chosen.stream().map(RunRecord::runId).toList(),
                !crossRuns.isEmpty(), written);
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
