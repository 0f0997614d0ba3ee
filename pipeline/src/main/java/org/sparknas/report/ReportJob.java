package org.sparknas.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
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
 * {@code index.html} (one self-contained page: the interactive views, with their data and charting
 * library embedded, and the tables), and beside it {@code runs/RUN/...} per run and
 * {@code cross-run/...} for the runs that share supernet, objectives and constraints (the fronts and
 * hypervolumes as CSV, and the static figures asked for). Every run is reported; a run whose tables
 * cannot be read is named on the page with the reason and the others are reported. The page is
 * replaced in one rename, so a browser (or a live page reloading) never reads half of it.
 */
public final class ReportJob {

    /**
     * How the report is written.
     *
     * @param figures        which static figures beside the page
     * @param refreshSeconds while a reported run is live, the page reloads this often (0: never)
     */
    public record Options(StaticFigures figures, int refreshSeconds) {

        public static final Options DEFAULT = new Options(StaticFigures.OVERVIEW, 0);

        public Options {
            if (refreshSeconds < 0) {
                throw new IllegalArgumentException("refresh period must be >= 0 s, got " + refreshSeconds);
            }
        }
    }

    private final RunSource source;
    private final Path directory;
    private final Clock clock;
    private final Options options;

    public ReportJob(RunSource source, Path directory, Clock clock) {
        this(source, directory, clock, Options.DEFAULT);
    }

    public ReportJob(RunSource source, Path directory, Clock clock, Options options) {
        this.source = source;
        this.directory = directory;
        this.clock = clock;
        this.options = options;
    }

    /** @param runIds the runs to report on; empty for every run under the root */
    public ReportResult run(List<String> runIds) {
        Instant now = clock.instant();
        RunSource.Catalog catalog = source.catalog();
        List<String> problems = new ArrayList<>(catalog.unreadable());
        List<RunRecord> chosen;
        if (catalog.runs().isEmpty() && runIds.isEmpty()) {
            problems.add(0, "no runs under '" + source.root() + "' yet: its runs/ table is missing or empty. Give as --output"
                    + " the directory (or URI) that `sparknas search --output` wrote to; a search started with it appears"
                    + " here once its first generation is stored");
            chosen = List.of();
        } else {
            chosen = RunSelection.choose(source.root(), catalog.runs(), runIds);
        }
        List<StoredRun> runs = new ArrayList<>();
        Map<String, RunHypervolume> hypervolumes = new LinkedHashMap<>();
        for (RunRecord run : chosen) {
            try {
                StoredRun stored = source.load(run, RunSpace.of(run));
                hypervolumes.put(run.runId(), RunHypervolume.of(stored, RunGoal.of(run)));
                runs.add(stored);
            } catch (RuntimeException e) {
                // One damaged run must not hide the others: the page names it and why.
                problems.add("run " + run.runId() + " cannot be read, so it is left out: " + e.getMessage());
            }
        }
        boolean live = chosen.stream().anyMatch(r -> r.isLive(now, RunRecord.STALE_AFTER));
        CrossRun.Grouping grouping = CrossRun.groups(runs);
        prepareDirectory();
        ReportFiles files = new ReportFiles(directory, options.figures());
        List<String> written = new ArrayList<>();
        List<CrossRunReport> crossRuns = new ArrayList<>();
        Map<String, Integer> groupOf = new LinkedHashMap<>();
        List<List<StoredRun>> comparisons = grouping.comparisons();
        for (int i = 0; i < comparisons.size(); i++) {
            boolean one = comparisons.size() == 1;
            CrossRunReport c = new CrossRunWriter(files, one ? "cross-run" : "cross-run/" + (i + 1),
                    one ? "cross-run" : "cross-run-" + (i + 1)).write(comparisons.get(i), hypervolumes);
            crossRuns.add(c);
            written.addAll(c.files());
            for (StoredRun r : comparisons.get(i)) {
                groupOf.put(r.runId(), i + 1);
            }
        }
        List<RunReport> reports = new ArrayList<>();
        RunReportWriter runWriter = new RunReportWriter(files);
        for (StoredRun run : runs) {
            RunReport report = runWriter.write(run, hypervolumes.get(run.runId()));
            reports.add(report);
            written.addAll(report.files());
        }
        int refresh = live ? options.refreshSeconds() : 0;
        String data = ReportData.json(source.root(), now.toString(), reports, groupOf, problems, refresh);
        String page = ReportPage.render(new ReportPage.Content(source.root(), now, reports, crossRuns, grouping.alone(),
                problems, refresh, data));
        written.add(files.replaceText("index.html", page));
        return new ReportResult(directory, directory.resolve("index.html"), runs.stream().map(StoredRun::runId).toList(),
                !crossRuns.isEmpty(), written, problems, live);
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
