package org.sparknas.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparknas.report.HtmlTables;
import org.sparknas.report.ReportFixture;
import org.sparknas.store.ParetoRecord;
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
                report.toString());
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

        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertEquals(2, run("report", "--output", empty.toString(), "--report", dir.resolve("r").toString()));
        assertTrue(err.toString().contains("no runs under '" + empty + "'"), err.toString());

        assertEquals(2, run("report", "--output", "hdfs://namenode:8020/nas/out"));
        assertTrue(err.toString().contains("give a local directory with --report"), err.toString());

        assertEquals(2, run("report", "--run-id", "nsga2-a"));
        assertTrue(err.toString().contains("Missing required option: '--output"), err.toString());
        assertFalse(Files.exists(dir.resolve("index.html")), "nothing was written");
        assertTrue(out.toString().isEmpty(), out.toString());
    }
}
