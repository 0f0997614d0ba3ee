package org.sparknas.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparknas.chart.ChartStyle;
import org.sparknas.config.ConfigException;
import org.sparknas.pareto.Dominance;
import org.sparknas.store.ParetoRecord;
import org.sparknas.store.RunRecord;
import org.sparknas.store.StoredRun;
import org.sparknas.store.TrialRecord;
import org.sparknas.store.parquet.ParquetRunSource;
import org.sparknas.store.parquet.ParquetTrialStore;
import org.sparknas.strategy.Metrics;

class ReportJobTest {

    private static final String OWN_SET = "max accuracy, min macs";

    @TempDir
    Path dir;

    private static ParquetRunSource source() {
        return new ParquetRunSource(new Configuration(), ReportFixture.shared().toString());
    }

    private ReportResult report(String... runIds) {
        return report(StaticFigures.ALL, runIds);
    }

    private ReportResult report(StaticFigures figures, String... runIds) {
        return new ReportJob(source(), dir, Clock.systemUTC(), new ReportJob.Options(figures, 0)).run(List.of(runIds));
    }

    private static StoredRun stored(String runId) {
        RunRecord run = source().runs().stream().filter(r -> r.runId().equals(runId)).findFirst().orElseThrow();
        return source().load(run, RunSpace.of(run));
    }

    @Test
    void theCatalogListsEveryRunWithItsRecord() {
        List<RunRecord> runs = source().runs();
        assertEquals(List.of("nsga2-a", "other-net", "random-a"), runs.stream().map(RunRecord::runId).toList());
        ParquetTrialStore store = ReportFixture.store(ReportFixture.shared());
        for (RunRecord run : runs) {
            assertEquals(store.run(run.runId()).orElseThrow(), run);
        }
    }

    @Test
    void aReportOfOneRunHasItsPlotsFrontTableHypervolumeAndConfiguration() throws IOException {
        ReportResult result = report("nsga2-a");
        assertFalse(result.crossRun());
        for (String file : List.of("index.html", "runs/nsga2-a/pareto-accuracy-vs-macs.png",
                "runs/nsga2-a/pareto-accuracy-vs-macs.svg", "runs/nsga2-a/pareto-accuracy-vs-latency_cpu_b1.png",
                "runs/nsga2-a/pareto-accuracy-vs-latency_cpu_b1.svg", "runs/nsga2-a/hypervolume.png",
                "runs/nsga2-a/hypervolume.svg", "runs/nsga2-a/hypervolume.csv", "runs/nsga2-a/front.csv",
                "runs/nsga2-a/config.json")) {
            assertTrue(result.files().contains(file), file + " in " + result.files());
            assertTrue(Files.size(dir.resolve(file)) > 0, file);
        }
        assertFalse(Files.exists(dir.resolve("cross-run")), "one run: no cross-run part");
        String html = Files.readString(result.index());

        // The front table lists exactly the rank-1 rows of the run's own objectives, best accuracy first.
        List<ParetoRecord> rankOne = ReportFixture.store(ReportFixture.shared()).pareto("nsga2-a").stream()
                .filter(p -> p.rank() == 1 && p.objectiveSet().equals(OWN_SET)).toList();
        assertFalse(rankOne.isEmpty());
        List<Map<String, String>> rows = HtmlTables.rows(html, "front-nsga2-a");
        assertEquals(rankOne.stream().map(ParetoRecord::trialId).collect(Collectors.toSet()),
                rows.stream().map(r -> Long.parseLong(r.get("trial_id"))).collect(Collectors.toSet()));
        assertEquals(rankOne.size(), rows.size(), "each front member once");
        List<Double> accuracies = rows.stream().map(r -> Double.parseDouble(r.get("accuracy"))).toList();
        for (int i = 1; i < accuracies.size(); i++) {
            assertTrue(accuracies.get(i - 1) >= accuracies.get(i), "best accuracy first: " + accuracies);
        }
        for (Map<String, String> row : rows) {
            ParetoRecord p = rankOne.stream().filter(r -> r.trialId() == Long.parseLong(row.get("trial_id"))).findFirst()
                    .orElseThrow();
            assertEquals(p.archKey(), row.get("arch_key"));
            assertEquals(String.format(Locale.ROOT, "%,d", Math.round(p.values().get(Metrics.MACS))), row.get("macs"));
        }
        List<String> csv = Files.readAllLines(dir.resolve("runs/nsga2-a/front.csv"));
        assertEquals(rankOne.size() + 1, csv.size());
        assertTrue(csv.get(0).startsWith("trial_id,generation,accuracy,macs,"), csv.get(0));

        // The run's configuration is shown and written, as the catalog holds it.
        assertTrue(html.contains("&quot;generation-size&quot; : 8"), "configuration shown");
        assertTrue(Files.readString(dir.resolve("runs/nsga2-a/config.json")).contains("\"name\" : \"ofa-fmnist\""));
        assertTrue(html.contains("<img src=\"runs/nsga2-a/pareto-accuracy-vs-macs.png\""));
        assertTrue(html.contains("<a href=\"runs/nsga2-a/pareto-accuracy-vs-macs.svg\">"));

        BufferedImage png = ImageIO.read(dir.resolve("runs/nsga2-a/pareto-accuracy-vs-macs.png").toFile());
        assertEquals(ChartStyle.WIDTH, png.getWidth());
        assertEquals(ChartStyle.HEIGHT, png.getHeight());
        assertTrue(distinctColours(png) > 20, "a drawn chart, not a blank image");
        String svg = Files.readString(dir.resolve("runs/nsga2-a/pareto-accuracy-vs-macs.svg"));
        // VectorGraphics2D draws text as outlines, so the SVG is checked for its size and drawn shapes.
        assertTrue(svg.contains("<svg") && svg.contains("viewBox=\"0 0 860 580\""), svg.substring(0, 400));
        assertTrue(svg.split("<path").length > 50, "shapes drawn in the SVG");
    }

    @Test
    void plotsDrawEveryTrialTheFrontAndTheConstraint() {
        StoredRun run = stored("nsga2-a");
        RunReport report = new RunReportWriter(new ReportFiles(dir)).write(run);
        List<TrialRecord> ok = run.trials().stream().filter(t -> t.trial().isOk()).toList();
        long feasible = ok.stream().filter(t -> ReportFixture.LATENCY_GOAL.violation(t.trial()) == 0).count();
        assertTrue(feasible > 0 && feasible < ok.size(), "the fixture has feasible and infeasible trials: " + feasible);
        Set<Long> rankOne = run.pareto().stream().filter(p -> p.rank() == 1 && p.objectiveSet().equals(OWN_SET))
                .map(ParetoRecord::trialId).collect(Collectors.toSet());

        Figure macs = report.paretoFigures().get(0);
        assertEquals("runs/nsga2-a/pareto-accuracy-vs-macs.png", macs.png());
        Map<String, Integer> points = macs.points();
        assertEquals((int) feasible, points.get("feasible trials (" + feasible + ")"), points.toString());
        assertEquals(ok.size() - (int) feasible, points.get("infeasible trials (" + (ok.size() - feasible) + ")"));
        assertEquals(rankOne.size(), points.get("Pareto front (" + rankOne.size() + ")"), points.toString());
        assertEquals(2, points.get("constraint macs <= 3 M"), "the MACs bound is drawn: " + points);

        Figure latency = report.paretoFigures().get(1);
        assertEquals("runs/nsga2-a/pareto-accuracy-vs-latency_cpu_b1.png", latency.png());
        long latencyFront = run.pareto().stream().filter(p -> p.rank() == 1
                && p.objectiveSet().equals("max accuracy, min " + ReportFixture.LATENCY)).count();
        assertEquals((int) latencyFront, latency.points().get("Pareto front (" + latencyFront + ")"), latency.points().toString());
        assertEquals(2, latency.points().get("constraint latency_cpu_b1 <= 3 ms"), latency.points().toString());
        assertTrue(latency.points().keySet().stream().noneMatch(k -> k.startsWith("constraint macs")),
                "the MACs bound is not on these axes: " + latency.points());
        assertEquals(2, report.paretoFigures().size());
    }

    @Test
    void theHypervolumeByGenerationIsWhatTheSearchPrinted() {
        RunReport report = new RunReportWriter(new ReportFiles(dir)).write(stored("nsga2-a"));
        List<HypervolumePoint> hv = report.hypervolume();
        assertEquals(List.of(0, 1, 2), hv.stream().map(HypervolumePoint::generation).toList());
        assertEquals(List.of(8L, 16L, 24L), hv.stream().map(HypervolumePoint::evaluations).toList());
        Matcher printed = Pattern.compile("\\| HV ([0-9.]+) \\|").matcher(ReportFixture.printed("nsga2-a"));
        List<String> expected = new ArrayList<>();
        while (printed.find()) {
            expected.add(printed.group(1));
        }
        assertEquals(expected, hv.stream().map(p -> String.format(Locale.ROOT, "%.4f", p.hypervolume())).toList());
        for (int i = 1; i < hv.size(); i++) {
            assertTrue(hv.get(i).hypervolume() >= hv.get(i - 1).hypervolume(), "the hypervolume never falls");
        }
        assertEquals(3, report.hypervolumeFigure().orElseThrow().points().get("nsga2-a"));
    }

    @Test
    void twoRunsOfOneSupernetGetTheCombinedFrontAndTheComparison() throws IOException {
        ReportResult result = report("nsga2-a", "random-a");
        assertTrue(result.crossRun());
        for (String file : List.of("cross-run/front-accuracy-vs-macs.png", "cross-run/front-accuracy-vs-macs.svg",
                "cross-run/hypervolume-vs-evaluations.png", "cross-run/hypervolume-vs-evaluations.svg",
                "cross-run/front.csv", "cross-run/comparison.csv", "cross-run/hypervolume.csv",
                "runs/nsga2-a/front.csv", "runs/random-a/front.csv")) {
            assertTrue(Files.size(dir.resolve(file)) > 0, file);
        }
        String html = Files.readString(result.index());
        List<TrialRecord> feasible = new ArrayList<>();
        for (String id : List.of("nsga2-a", "random-a")) {
            stored(id).trials().stream().filter(t -> t.trial().isOk() && ReportFixture.LATENCY_GOAL.violation(t.trial()) == 0)
                    .forEach(feasible::add);
        }
        List<Map<String, String>> front = HtmlTables.rows(html, "cross-run-front");
        assertFalse(front.isEmpty());
        Set<String> frontKeys = new HashSet<>();
        for (Map<String, String> row : front) {
            assertTrue(frontKeys.add(row.get("arch_key")), "each architecture once");
            TrialRecord member = feasible.stream().filter(t -> t.runId().equals(row.get("run_id"))
                    && t.trialId() == Long.parseLong(row.get("trial_id"))).findFirst().orElseThrow();
            for (TrialRecord other : feasible) {
                assertFalse(Dominance.dominates(ReportFixture.GOAL.minimized(other.trial()),
                        ReportFixture.GOAL.minimized(member.trial())), other.archKey() + " dominates " + member.archKey());
            }
        }
        // Every feasible trial that no other feasible trial dominates is on the combined front.
        for (TrialRecord t : feasible) {
            boolean dominated = feasible.stream().anyMatch(o -> Dominance.dominates(ReportFixture.GOAL.minimized(o.trial()),
                    ReportFixture.GOAL.minimized(t.trial())));
            assertEquals(!dominated, frontKeys.contains(t.archKey()), t.archKey());
        }
        List<Map<String, String>> comparison = HtmlTables.rows(html, "cross-run-comparison");
        assertEquals(List.of("nsga2-a", "random-a"), comparison.stream().map(r -> r.get("run_id")).toList());
        assertEquals(List.of("nsga2", "random"), comparison.stream().map(r -> r.get("strategy")).toList());
        assertEquals(List.of("24", "24"), comparison.stream().map(r -> r.get("evaluations")).toList());
        long shared = front.stream().filter(r -> r.get("found_by").contains(",")).count();
        assertEquals(front.size() + shared, comparison.stream().mapToLong(r -> Long.parseLong(r.get("front_architectures")))
                .sum(), "each front architecture is credited to every run that found it");
        List<String> hvCsv = Files.readAllLines(dir.resolve("cross-run/hypervolume.csv"));
        assertEquals(List.of("run_id,generation,evaluations,hypervolume"), hvCsv.subList(0, 1));
        assertEquals(7, hvCsv.size(), "3 generations of 2 runs");
        assertTrue(hvCsv.get(3).startsWith("nsga2-a,2,24,"), hvCsv.get(3));
    }

    @Test
    void anUnknownRunIdIsRefusedListingTheKnownOnes() {
        ConfigException e = assertThrows(ConfigException.class, () -> report("nsga2-a", "nsga2-b"));
        assertTrue(e.getMessage().contains("no run 'nsga2-b' under"), e.getMessage());
        assertTrue(e.getMessage().contains("known run ids: nsga2-a, other-net, random-a"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("index.html")));
    }

    @Test
    void anEmptyOutputRootGetsAPageSayingSo() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty-root"));
        ReportResult result = new ReportJob(new ParquetRunSource(new Configuration(), empty.toString()), dir.resolve("report"),
                Clock.systemUTC()).run(List.of());
        assertEquals(List.of(), result.runIds());
        assertEquals(1, result.problems().size());
        assertTrue(result.problems().get(0).startsWith("no runs under '" + empty + "' yet"), result.problems().get(0));
        assertTrue(result.problems().get(0).contains("sparknas search --output"), result.problems().get(0));
        String html = Files.readString(result.index());
        assertTrue(html.contains("<h2>Not reported</h2>") && html.contains("no runs under &#39;" + empty + "&#39; yet"), html);
        assertFalse(html.contains("id=\"explore\""), "nothing to explore");
    }

    @Test
    void aRunWithADamagedFileIsNamedOnThePageAndTheOthersAreReported() throws IOException {
        Path copy = dir.resolve("copy");
        ReportFixture.copyTree(ReportFixture.shared(), copy);
        Path damaged;
        try (var files = Files.list(copy.resolve("trials/run_id=random-a"))) {
            damaged = files.filter(f -> f.getFileName().toString().endsWith(".parquet")).sorted().findFirst().orElseThrow();
        }
        Files.write(damaged, new byte[] {'P', 'A', 'R', '1', 0, 1, 2, 3});
        Files.deleteIfExists(damaged.resolveSibling("." + damaged.getFileName() + ".crc"));
        ReportResult result = new ReportJob(new ParquetRunSource(new Configuration(), copy.toString()), dir.resolve("report"),
                Clock.systemUTC()).run(List.of());
        assertEquals(List.of("nsga2-a", "other-net"), result.runIds());
        assertEquals(1, result.problems().size(), result.problems().toString());
        String problem = result.problems().get(0);
        assertTrue(problem.startsWith("run random-a cannot be read, so it is left out: "), problem);
        assertTrue(problem.contains(damaged.getFileName().toString()), "names the file: " + problem);
        String html = Files.readString(result.index());
        assertTrue(html.contains("run random-a cannot be read"), "said on the page");
        assertFalse(HtmlTables.rows(html, "front-nsga2-a").isEmpty(), "the other runs are reported");
    }

    @Test
    void byDefaultOnlyOneOverviewPngPerRunIsWritten() throws IOException {
        ReportResult result = report(StaticFigures.OVERVIEW);
        List<String> images = result.files().stream().filter(f -> f.endsWith(".png") || f.endsWith(".svg")).toList();
        assertEquals(List.of("runs/nsga2-a/pareto-accuracy-vs-macs.png", "runs/other-net/pareto-accuracy-vs-macs.png",
                "runs/random-a/pareto-accuracy-vs-macs.png"), images);
        assertFalse(Files.exists(dir.resolve("runs/nsga2-a/hypervolume.png")));
        assertTrue(Files.size(dir.resolve("cross-run/front.csv")) > 0, "the tables are written all the same");
        String html = Files.readString(result.index());
        assertTrue(html.contains("<noscript><figure><img src=\"runs/nsga2-a/pareto-accuracy-vs-macs.png\""));
        assertFalse(html.contains(".svg\">"), "no SVG to link");

        ReportResult none = report(StaticFigures.NONE);
        assertTrue(none.files().stream().noneMatch(f -> f.endsWith(".png")), none.files().toString());
    }

    @Test
    void aLiveRunMakesThePageReloadAndAFinishedOneDoesNot() throws IOException {
        ReportResult finished = new ReportJob(source(), dir, Clock.systemUTC(), new ReportJob.Options(StaticFigures.NONE, 7))
                .run(List.of("nsga2-a"));
        assertFalse(finished.live());
        assertFalse(Files.readString(finished.index()).contains("http-equiv=\"refresh\""));

        RunRecord run = source().runs().stream().filter(r -> r.runId().equals("nsga2-a")).findFirst().orElseThrow();
        java.time.Instant beat = java.time.Instant.parse("2026-01-01T00:00:00Z");
        RunRecord running = run.withStatus(org.sparknas.store.RunStatus.RUNNING, beat, null).withHeartbeat(beat);
        org.sparknas.store.RunSource oneRunning = new org.sparknas.store.RunSource() {
            public String root() { return "live-root"; }
            public List<RunRecord> runs() { return List.of(running); }
            public StoredRun load(RunRecord r, org.sparknas.space.SearchSpace space) {
                StoredRun s = source().load(run, space);
                return new StoredRun(r, s.space(), s.trials(), s.pareto());
            }
        };
        ReportResult live = new ReportJob(oneRunning, dir, Clock.fixed(beat.plusSeconds(40), java.time.ZoneOffset.UTC),
                new ReportJob.Options(StaticFigures.NONE, 7)).run(List.of());
        assertTrue(live.live());
        String html = Files.readString(live.index());
        assertTrue(html.contains("<meta http-equiv=\"refresh\" content=\"7\">"), html.substring(0, 400));
        assertTrue(html.contains("it reloads every 7 s"));

        ReportResult stale = new ReportJob(oneRunning, dir, Clock.fixed(beat.plus(RunRecord.STALE_AFTER).plusSeconds(1),
                java.time.ZoneOffset.UTC), new ReportJob.Options(StaticFigures.NONE, 7)).run(List.of());
        assertFalse(stale.live(), "a driver silent for longer than the stale limit is gone: nothing will change");
        assertFalse(Files.readString(stale.index()).contains("http-equiv"));
        assertFalse(Files.exists(dir.resolve(".index.html.tmp")), "the page is replaced in one rename");
    }

    @Test
    void everyRunIsReportedAndOnlyRunsOfOneSupernetAreCombined() throws IOException {
        ReportResult result = report();
        assertEquals(List.of("nsga2-a", "other-net", "random-a"), result.runIds());
        assertTrue(result.crossRun());
        String html = Files.readString(result.index());
        assertEquals(List.of("nsga2-a", "random-a"), HtmlTables.rows(html, "cross-run-comparison").stream()
                .map(r -> r.get("run_id")).toList());
        assertTrue(html.contains("Not compared: run other-net shares its supernet formula-v2, objectives [max accuracy,"
                + " min macs] and constraints [macs &lt;= 3000000.0] with no other run reported here, so it is compared"
                + " with none."), html);
        assertTrue(html.contains("<table id=\"front-other-net\">"), "the run alone still has its section");
        assertTrue(Files.size(dir.resolve("runs/other-net/hypervolume.csv")) > 0);
        assertTrue(Files.size(dir.resolve("cross-run/comparison.csv")) > 0, "one group: the plain cross-run directory");
    }

    private static int distinctColours(BufferedImage image) {
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 3) {
            for (int x = 0; x < image.getWidth(); x += 3) {
                colours.add(image.getRGB(x, y));
            }
        }
        return colours.size();
    }
}
