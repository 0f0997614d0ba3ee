package org.sparknas.jobs;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import org.sparknas.config.ConfigException;
import org.sparknas.files.DriverHadoop;
import org.sparknas.report.ReportJob;
import org.sparknas.report.ReportResult;
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

    @Override
    public Integer call() {
        Path directory = reportDirectory();
        // Charts are drawn off-screen; without this, a desktop JVM would open a window system connection.
        System.setProperty("java.awt.headless", "true");
        // The tables are a few small files: read on this JVM with parquet-hadoop, no Spark session.
        ReportResult result = new ReportJob(new ParquetRunSource(DriverHadoop.configuration(), output), directory,
                Clock.systemUTC()).run(runIds);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("report of %d run(s)%s: %s%n", result.runIds().size(),
                result.crossRun() ? " with their combined front and comparison of strategies" : "", result.index());
        out.flush();
        return Main.EXIT_OK;
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
