package org.sparknas.jobs;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.sparknas.files.DriverHadoop;
import org.sparknas.store.RunRecord;
import org.sparknas.store.RunStatus;
import org.sparknas.store.parquet.ParquetRunSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sparknas runs}: the run catalog of an output root, one line per run, with each run's last
 * heartbeat; a {@code running} run whose heartbeat is older than {@code --stale-after} is shown as
 * {@code stale}: its driver died without ending it (SIGKILL, a lost machine), and re-running its
 * search command resumes it.
 */
@Command(name = "runs", mixinStandardHelpOptions = true,
        description = {"List the runs under an output root: status, progress, last heartbeat.",
            "A running run whose heartbeat is older than --stale-after is marked stale: its driver is gone."})
public final class RunsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--output", required = true, description = "Output root of the searches (their --output)")
    String output;

    @Option(names = "--stale-after", description = "Seconds without a heartbeat after which a running run is stale"
            + " (default: ${DEFAULT-VALUE}; a live driver beats every 30 s)", defaultValue = "" + RunRecord.STALE_AFTER_SECONDS)
    long staleAfterSeconds;

    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() {
        // The catalog is a few small Parquet files: read on the driver, no Spark session.
        List<RunRecord> runs = new ParquetRunSource(DriverHadoop.configuration(), output).runs();
        PrintWriter out = spec.commandLine().getOut();
        if (runs.isEmpty()) {
            out.println("no runs under " + output);
        } else {
            out.printf(Locale.ROOT, "%-24s %-9s %-11s %-22s %-20s %s%n", "run_id", "status", "generations",
                    "trials (ok/failed)", "heartbeat (UTC)", "note");
            Instant now = clock.instant();
            for (RunRecord r : runs) {
                out.println(line(r, now, Duration.ofSeconds(staleAfterSeconds)));
            }
        }
        out.flush();
        return Main.EXIT_OK;
    }

    static String line(RunRecord r, Instant now, Duration staleAfter) {
        Instant beat = r.lastBeat();
        Duration age = beat == null ? Duration.ZERO : Duration.between(beat, now);
        boolean stale = r.isStale(now, staleAfter);
        String note = stale ? "no heartbeat for " + human(age) + ": its driver is gone; re-run its search command to resume"
                : r.status() == RunStatus.FAILED && r.message() != null ? r.message() : "";
        return String.format(Locale.ROOT, "%-24s %-9s %-11s %-22s %-20s %s", r.runId(),
                stale ? "stale" : r.status().storeName(), r.generationsDone() + "/" + r.generationsTotal(),
                r.trialsTotal() + " (" + r.trialsOk() + "/" + r.trialsFailed() + ")",
                beat == null ? "-" : beat.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString(), note).strip();
    }

    private static String human(Duration d) {
        return d.toHours() > 0 ? d.toHours() + "h" + d.toMinutesPart() + "m"
                : d.toMinutes() > 0 ? d.toMinutes() + "m" + d.toSecondsPart() + "s" : d.toSeconds() + "s";
    }
}
