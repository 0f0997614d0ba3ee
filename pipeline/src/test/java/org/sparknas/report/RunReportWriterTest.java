package org.sparknas.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparknas.config.ConfigException;
import org.sparknas.latency.SpaceCostEstimator;
import org.sparknas.space.Architecture;
import org.sparknas.store.HypervolumeIndicator;
import org.sparknas.store.HypervolumeScale;
import org.sparknas.store.ParetoRecord;
import org.sparknas.store.StoredRun;
import org.sparknas.store.TrialRecord;
import org.sparknas.strategy.Metrics;
import org.sparknas.strategy.Trial;

/** A run's part of the report for runs made by hand: three objectives, and a run with nothing to show yet. */
class RunReportWriterTest {

    private static final String SET = "max accuracy, min macs, min params";
    private static final List<Architecture> ARCH = ReportFixture.architectures(4);

    @TempDir
    Path dir;

    private static TrialRecord t(long id, double accuracy, double macs, double params) {
        return ReportFixture.trial("three", id, (int) id / 2, ARCH.get((int) id), "sha-1",
                Map.of(Metrics.ACCURACY, accuracy, Metrics.MACS, macs, Metrics.PARAMS, params));
    }

    private static ParetoRecord rank(TrialRecord t, int rank) {
        return new ParetoRecord("three", SET, rank, t.trialId(), t.generation(), t.archKey(), t.trial().metrics());
    }

    /**
     * t0 (0.80, 1M, 0.1M), t1 (0.85, 2M, 0.3M), t2 (0.70, 1.5M, 0.05M): none dominates another in
     * three objectives. t3 (0.79, 1.2M, 0.2M) is dominated by t0.
     */
    @Test
    void aThreeObjectiveFrontIsDrawnOnEveryPairOfItsObjectives() throws Exception {
        List<TrialRecord> trials = List.of(t(0, 0.80, 1e6, 1e5), t(1, 0.85, 2e6, 3e5), t(2, 0.70, 1.5e6, 5e4),
                t(3, 0.79, 1.2e6, 2e5));
        List<ParetoRecord> pareto = List.of(rank(trials.get(0), 1), rank(trials.get(1), 1), rank(trials.get(2), 1),
                rank(trials.get(3), 2));
        StoredRun run = new StoredRun(ReportFixture.runRecord("three", "random", "sha-1",
                List.of("max accuracy", "min macs", "min params"), List.of()), ReportFixture.SPACE, trials, pareto);
        RunReport report = new RunReportWriter(new ReportFiles(dir)).write(run);

        assertEquals(List.of("runs/three/pareto3d-accuracy-vs-macs.png", "runs/three/pareto3d-accuracy-vs-params.png",
                "runs/three/pareto3d-params-vs-macs.png"), report.paretoFigures().stream().map(Figure::png).toList());
        for (Figure f : report.paretoFigures()) {
            assertEquals(Map.of("feasible trials (4)", 4, "front of " + SET + " (3)", 3), f.points());
            assertTrue(Files.size(dir.resolve(f.png())) > 0 && Files.size(dir.resolve(f.svg())) > 0);
        }
        assertEquals(SET, report.frontSet());
        assertEquals(List.of(1L, 0L, 2L), report.front().rows().stream().map(r -> (Long) r.get(0)).toList(),
                "the rank-1 trials, most accurate first");
        assertEquals(List.of("trial_id", "generation", "accuracy", "macs", "params", "arch_key"), report.front().columns());
        assertEquals(List.of(0, 1), report.hypervolume().stream().map(HypervolumePoint::generation).toList());
        // Only the front so far is carried to the next generation; the hypervolume of all trials is the same double.
        var direct = new HypervolumeIndicator(report.goal(), ReportFixture.SPACE, SpaceCostEstimator.of(ReportFixture.SPACE));
        assertEquals(direct.of(trials.subList(0, 2)), report.hypervolume().get(0).hypervolume());
        assertEquals(direct.of(trials), report.hypervolume().get(1).hypervolume());
        assertTrue(report.hypervolume().get(1).hypervolume() > report.hypervolume().get(0).hypervolume());
    }

    @Test
    void aRunWithNoSuccessfulTrialYetGetsItsSectionWithoutPlots() throws Exception {
        TrialRecord failed = new TrialRecord("empty", 0, 0, "random", Trial.failed(ARCH.get(0), 500, "out of memory"),
                TrialRecord.Provenance.LOCAL, "sha-1", null, "e", Instant.EPOCH);
        StoredRun run = new StoredRun(ReportFixture.runRecord("empty", "random", "sha-1", List.of("max accuracy", "min macs"),
                List.of()), ReportFixture.SPACE, List.of(failed), List.of());
        RunReport report = new RunReportWriter(new ReportFiles(dir)).write(run);
        assertTrue(report.paretoFigures().isEmpty());
        assertTrue(report.hypervolumeFigure().isEmpty());
        assertTrue(Double.isNaN(report.finalHypervolume()));
        assertTrue(report.front().rows().isEmpty());
        assertEquals(List.of("run_id,generation,evaluations,hypervolume", "empty,0,1,"),
                Files.readAllLines(dir.resolve("runs/empty/hypervolume.csv")));

        String html = page(report);
        assertFalse(html.contains("Static figure"), "no figure to link");
        assertTrue(html.contains("No feasible trial yet, so no hypervolume."), html);
        assertEquals(List.of(), HtmlTables.rows(html, "front-empty"));
    }

    @Test
    void aStoredScaleThatDoesNotFitTheObjectivesIsRefusedNamingTheRun() {
        StoredRun run = new StoredRun(ReportFixture.runRecord("edited", "random", "sha-1", List.of("max accuracy", "min macs"),
                List.of()).withHypervolume(new HypervolumeScale(List.of(1.0, 0.0, 0.0), List.of(0.0, 1e7, 1e5)), 0.5),
                ReportFixture.SPACE, List.of(t(0, 0.8, 1e6, 1e5)), List.of());
        ConfigException e = assertThrows(ConfigException.class, () -> RunHypervolume.of(run, RunGoal.of(run.run())));
        assertEquals("run 'edited': its catalog row's hv_ideal and hv_nadir do not fit its objectives (a hypervolume scale"
                + " of 3 objective(s) for the 2 objective(s) [max accuracy, min macs]); the row was edited or written by"
                + " another version of sparknas. Report the other runs with --run-id", e.getMessage());
    }

    @Test
    void textFromTheTablesIsEscapedInThePage() {
        StoredRun run = new StoredRun(ReportFixture.runRecord("esc", "random", "sha-1", List.of("max accuracy", "min macs"),
                List.of()), ReportFixture.SPACE, List.of(), List.of());
        RunReport report = new RunReportWriter(new ReportFiles(dir)).write(new StoredRun(
                run.run().withStatus(org.sparknas.store.RunStatus.FAILED, Instant.EPOCH, "<script>alert(1)</script> & more"),
                run.space(), run.trials(), run.pareto()));
        String html = page(report);
        assertTrue(html.contains("failed: &lt;script&gt;alert(1)&lt;/script&gt; &amp; more"), html);
        assertFalse(html.contains("<script>alert"), "no markup from the data, in the tables or in the embedded JSON");
        assertFalse(html.contains("</script> & more"), html.substring(0, 300));
    }

    /** The page of one run, its data embedded as the report writes it. */
    static String page(RunReport report) {
        String data = ReportData.json("out", Instant.EPOCH.toString(), List.of(report), java.util.Map.of(), List.of(), 0);
        return ReportPage.render(new ReportPage.Content("out", Instant.EPOCH, List.of(report), List.of(), List.of(),
                List.of(), 0, data));
    }
}
