package org.sparknas.jobs;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.sparknas.config.ConfigException;
import org.sparknas.files.DriverHadoop;
import org.sparknas.report.ReportJob;
import org.sparknas.report.ReportResult;
import org.sparknas.report.StaticFigures;
import org.sparknas.store.RunRecord;
import org.sparknas.store.parquet.ParquetRunSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sparknas report}: reads the Parquet tables of one or more runs and writes a report
 * directory (an HTML page, Pareto plots, hypervolume curves, the fronts as CSV). With several
 * runs of one supernet, it adds their combined front and a comparison of their strategies.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Write an HTML report (Pareto plots, hypervolume, front tables) of stored runs.",
            "Several runs of the same supernet also get their combined front and a comparison of strategies."})
public final class ReportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--output", required = true,
            description = "Output root of the search (its --output): a local directory or a Hadoop FileSystem URI")
    String output;

    @Option(names = "--run-id", description = "A run to report on (repeat for several; default: every run under --output)")
    List<String> runIds = List.of();

    @Option(names = "--report", description = "Local directory to write the report into (default: OUTPUT/report for a"
            + " local output root)")
    Path report;

    @Option(names = "--figures", description = "Static PNG/SVG figures beside the page: none, overview (one Pareto plot"
            + " per run) or all (every objective pair, hypervolume curves, fronts across runs). Default: ${DEFAULT-VALUE}",
            defaultValue = "overview")
    String figures;

    @Option(names = "--watch", description = "Keep the report up to date while searches run: rewrite it whenever a"
            + " generation is stored (the page reloads itself), until no reported run is running; then write the final"
            + " report and exit")
    boolean watch;

    @Option(names = "--interval", description = "With --watch: seconds between two looks at the tables, and the page's"
            + " reload period (default: ${DEFAULT-VALUE})", defaultValue = "10")
    int intervalSeconds;

    /** Tests shorten the wait between two looks. */
    Sleeper sleeper = Thread::sleep;

    interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    @Override
    public Integer call() {
        Path directory = reportDirectory();
        StaticFigures staticFigures = StaticFigures.parse(figures);
        if (intervalSeconds < 1) {
            throw new ConfigException("--interval " + intervalSeconds + " must be at least 1 second");
        }
        // Charts are drawn off-screen; without this, a desktop JVM would open a window system connection.
        System.setProperty("java.awt.headless", "true");
        // The tables are a few small files: read on this JVM with parquet-hadoop, no Spark session.
        ReportJob job = new ReportJob(new ParquetRunSource(DriverHadoop.configuration(), output), directory,
                Clock.systemUTC(), new ReportJob.Options(staticFigures, watch ? intervalSeconds : 0));
        PrintWriter out = spec.commandLine().getOut();
        print(out, job.run(runIds));
        if (watch) {
            watch(job, out);
        }
        return Main.EXIT_OK;
    }

    /**
     * Looks at the catalog every interval and rewrites the report when a run has stored a generation
     * or ended, while a reported run is live (running, its driver beating) or the root has no run yet;
     * then writes the final page, which no longer reloads.
     */
    private void watch(ReportJob job, PrintWriter out) {
        List<RunRecord> catalog = catalog();
        String seen = progress(catalog);
        while (catalog.isEmpty() || catalog.stream().anyMatch(this::watched)) {
            try {
                sleeper.sleep(intervalSeconds * 1000L);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            catalog = catalog();
            String now = progress(catalog);
            if (!now.equals(seen)) {
                seen = now;
                print(out, job.run(runIds));
            }
        }
        out.println("every run has ended; final report: " + job.run(runIds).index());
        out.flush();
    }

    private List<RunRecord> catalog() {
        return new ParquetRunSource(DriverHadoop.configuration(), output).catalog().runs();
    }

    /** A run this report shows whose driver may still write. */
    private boolean watched(RunRecord run) {
        return (runIds.isEmpty() || runIds.contains(run.runId())) && run.isLive(Instant.now(), RunRecord.STALE_AFTER);
    }

    /** What changes when a search stores a generation or ends: each run's status, generations and trials. */
    private static String progress(List<RunRecord> catalog) {
        StringBuilder s = new StringBuilder();
        for (RunRecord r : catalog) {
            s.append(r.runId()).append(' ').append(r.status()).append(' ').append(r.generationsDone()).append(' ')
                    .append(r.trialsTotal()).append('\n');
        }
        return s.toString();
    }

    private static void print(PrintWriter out, ReportResult result) {
        out.printf("report of %d run(s)%s%s: %s%n", result.runIds().size(),
                result.crossRun() ? " with their combined front and comparison of strategies" : "",
                result.live() ? " (live)" : "", result.index());
        result.problems().forEach(p -> out.println("  not reported: " + p));
        out.flush();
    }

    /** The report is local files; a remote output root needs a local --report. */
    Path reportDirectory() {
        if (report != null) {
            return report;
        }
        URI uri = new org.apache.hadoop.fs.Path(output).toUri();
        if (uri.getScheme() == null) {
            return Path.of(output).resolve("report");
        }
        if (uri.getScheme().equals("file")) {
            return Path.of(uri.getPath()).resolve("report");
        }
        throw new ConfigException("--output " + output + " is not a local directory, so the report has no default place;"
                + " give a local directory with --report");
    }
}
