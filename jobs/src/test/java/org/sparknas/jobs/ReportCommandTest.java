package org.sparknas.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparknas.report.HtmlTables;
import org.sparknas.report.ReportFixture;
import org.sparknas.store.ParetoRecord;
import org.sparknas.store.RunRecord;
import org.sparknas.store.RunStatus;
import org.sparknas.store.parquet.ParquetTrialStore;
import picocli.CommandLine;

class ReportCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    private static String root() {
        return ReportFixture.shared().toString();
    }

    @Test
    void writesTheReportOfTwoRunsWithTheirCombinedFront() throws IOException {
        Path report = dir.resolve("report");
        int code = run("report", "--output", root(), "--run-id", "nsga2-a", "--run-id", "random-a", "--report",
                report.toString(), "--figures", "all");
        assertEquals(0, code, err.toString());
        assertTrue(out.toString().contains("report of 2 run(s) with their combined front and comparison of strategies: "
                + report.resolve("index.html")), out.toString());
        String html = Files.readString(report.resolve("index.html"));
        Set<Long> rankOne = ReportFixture.store(ReportFixture.shared()).pareto("random-a").stream()
                .filter(p -> p.rank() == 1 && p.objectiveSet().equals("max accuracy, min macs"))
                .map(ParetoRecord::trialId).collect(Collectors.toSet());
        List<Map<String, String>> rows = HtmlTables.rows(html, "front-random-a");
        assertEquals(rankOne, rows.stream().map(r -> Long.parseLong(r.get("trial_id"))).collect(Collectors.toSet()));
        assertFalse(HtmlTables.rows(html, "cross-run-front").isEmpty());
        assertTrue(Files.size(report.resolve("cross-run/hypervolume-vs-evaluations.png")) > 10_000);
    }

    @Test
    void aRootWithRunsOfDifferentSupernetsIsReportedWhole() throws IOException {
        Path report = dir.resolve("all");
        assertEquals(0, run("report", "--output", root(), "--report", report.toString()), err.toString());
        assertTrue(out.toString().contains("report of 3 run(s) with their combined front and comparison of strategies"),
                out.toString());
        assertTrue(Files.readString(report.resolve("index.html")).contains("Not compared: run other-net"));
    }

    @Test
    void withoutReportTheReportGoesUnderALocalOutputRoot() throws IOException {
        assertEquals(0, run("report", "--output", root(), "--run-id", "other-net"), err.toString());
        Path index = ReportFixture.shared().resolve("report/index.html");
        assertTrue(Files.readString(index).contains("<table id=\"front-other-net\">"));
    }

    @Test
    void badInputStopsWithExitCode2AndSaysWhatToDo() throws IOException {
        assertEquals(2, run("report", "--output", root(), "--run-id", "nope", "--report", dir.toString()));
        assertTrue(err.toString().contains("no run 'nope' under '" + root() + "'; known run ids: nsga2-a, other-net,"
                + " random-a"), err.toString());

        assertEquals(2, run("report", "--output", root(), "--figures", "some", "--report", dir.resolve("f").toString()));
        assertTrue(err.toString().contains("--figures some is not one of [none, overview, all]"), err.toString());

        assertEquals(2, run("report", "--output", root(), "--watch", "--interval", "0", "--report", dir.resolve("w").toString()));
        assertTrue(err.toString().contains("--interval 0 must be at least 1 second"), err.toString());

        assertEquals(2, run("report", "--output", "hdfs://namenode:8020/nas/out"));
        assertTrue(err.toString().contains("give a local directory with --report"), err.toString());

        assertEquals(2, run("report", "--run-id", "nsga2-a"));
        assertTrue(err.toString().contains("Missing required option: '--output"), err.toString());
        assertFalse(Files.exists(dir.resolve("index.html")), "nothing was written");
        assertTrue(out.toString().isEmpty(), out.toString());
    }

    @Test
    void anEmptyRootGetsAPageThatSaysSo() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertEquals(0, run("report", "--output", empty.toString(), "--report", dir.resolve("r").toString()), err.toString());
        assertTrue(out.toString().contains("report of 0 run(s): "), out.toString());
        assertTrue(out.toString().contains("  not reported: no runs under '" + empty + "' yet"), out.toString());
        assertTrue(Files.readString(dir.resolve("r/index.html")).contains("Not reported"));
    }

    /**
     * A watched run: the page is rewritten when a generation is stored and reloads itself while the run
     * is live; when the run ends, the final page no longer reloads and the command exits.
     */
    @Test
    void watchRewritesThePagePerGenerationUntilTheRunEnds() throws IOException {
        Path root = dir.resolve("root");
        ReportFixture.copyTree(ReportFixture.shared(), root);
        ParquetTrialStore store = ReportFixture.store(root);
        RunRecord done = store.run("nsga2-a").orElseThrow();
        Instant now = Instant.now();
        store.putRun(done.withStatus(RunStatus.RUNNING, now, null).withHeartbeat(now));
        Path report = dir.resolve("watched");
        List<String> pages = new ArrayList<>();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        ReportCommand command = cli.getSubcommands().get("report").getCommand();
        command.sleeper = millis -> {
            assertEquals(2000, millis);
            try {
                pages.add(Files.readString(report.resolve("index.html")));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            Instant t = Instant.now();
            RunRecord current = store.run("nsga2-a").orElseThrow();
            store.putRun(pages.size() == 1 ? current.progressed(current.generationsDone() + 1, current.trialsTotal(),
                    current.trialsOk(), current.trialsFailed(), current.trialsReused(), t).withHeartbeat(t)
                    : current.withStatus(RunStatus.FINISHED, t, null));
        };
        assertEquals(0, cli.execute("report", "--output", root.toString(), "--run-id", "nsga2-a", "--watch", "--interval",
                "2", "--report", report.toString()), err.toString());
        assertEquals(2, pages.size(), "looked twice: one generation stored, then the end");
        for (String page : pages) {
            assertTrue(page.contains("<meta http-equiv=\"refresh\" content=\"2\">"), "a live page reloads");
        }
        String[] lines = out.toString().split("\n");
        assertEquals(List.of("report of 1 run(s) (live): " + report.resolve("index.html"),
                "report of 1 run(s) (live): " + report.resolve("index.html"),
                "report of 1 run(s): " + report.resolve("index.html"),
                "every run has ended; final report: " + report.resolve("index.html")), List.of(lines));
        String last = Files.readString(report.resolve("index.html"));
        assertFalse(last.contains("http-equiv"), "the final page stays");
        assertTrue(last.contains("<td>finished</td>"), "and shows the run's end");
    }
}
