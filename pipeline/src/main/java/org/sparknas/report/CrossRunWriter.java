package org.sparknas.report;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.sparknas.search.HypervolumeIndicator;
import org.sparknas.store.TrialRecord;
import org.sparknas.strategy.Goal;

/**
 * Writes the part of a report that spans runs under {@code cross-run/}: the combined front (plots
 * and CSV) and the comparison of strategies, hypervolume against evaluations, one line per run.
 */
final class CrossRunWriter {

    private static final String DIR = "cross-run";

    private final ReportFiles files;

    CrossRunWriter(ReportFiles files) {
        this.files = files;
    }

    /** @param runs comparable runs ({@link CrossRun#checkComparable}), at least two */
    CrossRunReport write(List<StoredRun> runs) {
        CrossRun.checkComparable(runs);
        Goal goal = RunGoal.of(runs.get(0).run());
        List<String> written = new ArrayList<>();
        List<CrossRun.Member> members = CrossRun.front(runs, goal);

        List<Figure> figures = new ArrayList<>();
        if (goal.objectives().size() >= 2) {
            for (AxisPair axes : ObjectiveSets.pairs(goal.objectives())) {
                frontFigure(runs, goal, members, axes).ifPresent(f -> {
                    figures.add(f);
                    written.addAll(List.of(f.png(), f.svg()));
                });
            }
        }
        Table front = frontTable(goal, members);
        written.add(files.text(DIR + "/front.csv", front.csv()));

        // One indicator for all runs, fitted to all their trials first: an objective without a
        // fixed scale (a latency) is then scaled the same way for every run, so the lines compare.
        HypervolumeIndicator indicator = HypervolumeTrace.indicator(goal, runs.get(0).space());
        indicator.of(runs.stream().flatMap(r -> r.trials().stream()).filter(t -> GoalCheck.measured(goal, t.trial())).toList());
        List<LineChart.Series> lines = new ArrayList<>();
        List<List<Object>> comparison = new ArrayList<>();
        List<List<Object>> traceRows = new ArrayList<>();
        for (StoredRun run : runs) {
            List<HypervolumePoint> trace = HypervolumeTrace.of(run.trials(), goal, indicator);
            lines.add(new LineChart.Series(label(run), trace.stream().mapToDouble(HypervolumePoint::evaluations).toArray(),
                    trace.stream().mapToDouble(HypervolumePoint::hypervolume).toArray()));
            trace.forEach(p -> traceRows.add(List.of(run.runId(), p.generation(), p.evaluations(), p.hypervolume())));
            long share = members.stream().filter(m -> m.foundBy().contains(run.runId())).count();
            comparison.add(List.of(run.runId(), run.run().strategy(), run.run().seed(), (long) run.trials().size(), share,
                    trace.isEmpty() ? Double.NaN : trace.get(trace.size() - 1).hypervolume()));
        }
        written.add(files.text(DIR + "/hypervolume.csv", new Table("cross-run-hypervolume",
                List.of("run_id", "generation", "evaluations", "hypervolume"), List.of("hypervolume"), traceRows).csv()));
        Optional<Figure> hvFigure = Optional.empty();
        if (lines.stream().anyMatch(l -> java.util.Arrays.stream(l.y()).anyMatch(v -> !Double.isNaN(v)))) {
            var chart = LineChart.build("Hypervolume against evaluations", "evaluations (trials)",
                    "normalised hypervolume", lines);
            hvFigure = Optional.of(files.chart(chart, DIR, "hypervolume-vs-evaluations",
                    "One line per run: the hypervolume of its feasible trials against the number of trials it had"
                            + " proposed, on one scale for all runs, for " + goal.objectives() + "."));
            written.addAll(List.of(hvFigure.get().png(), hvFigure.get().svg()));
        }
        Table table = new Table("cross-run-comparison", List.of("run_id", "strategy", "seed", "evaluations",
                "front_architectures", "final_hypervolume"), List.of("final_hypervolume"), comparison);
        written.add(files.text(DIR + "/comparison.csv", table.csv()));
        return new CrossRunReport(runs.stream().map(StoredRun::runId).toList(), CrossRun.supernet(runs.get(0)), goal,
                members, front, figures, hvFigure, table, written);
    }

    /** The combined front on one pair of objectives; none while no run has a successful trial (nothing to draw). */
    private Optional<Figure> frontFigure(List<StoredRun> runs, Goal goal, List<CrossRun.Member> members, AxisPair axes) {
        List<PointGroup> background = new ArrayList<>();
        List<PlotPoint> infeasible = new ArrayList<>();
        int i = 0;
        for (StoredRun run : runs) {
            List<PlotPoint> feasible = new ArrayList<>();
            for (TrialRecord t : run.trials()) {
                if (t.trial().isOk()) {
                    PlotPoint p = point(t, axes);
                    if (p != null) {
                        (GoalCheck.feasible(goal, t.trial()) ? feasible : infeasible).add(p);
                    }
                }
            }
            background.add(new PointGroup(label(run), feasible, ChartStyle.faint(ChartStyle.palette(i++), 120),
                    SeriesMarkers.CIRCLE));
        }
        background.add(new PointGroup("infeasible trials", infeasible, ChartStyle.INFEASIBLE,
                SeriesMarkers.CROSS));
        if (background.stream().allMatch(g -> g.points().isEmpty())) {
            return Optional.empty();
        }
        List<PlotPoint> front = members.stream().map(m -> point(m.trial(), axes)).filter(java.util.Objects::nonNull).toList();
        boolean projected = goal.objectives().size() > 2;
        var chart = ParetoChart.build("Across " + runs.size() + " runs: " + axes.y().metric() + " vs " + axes.x().metric(),
                axes, background, new PointGroup(projected ? "combined front (projected)" : "combined front", front,
                        ChartStyle.FRONT, SeriesMarkers.DIAMOND), !projected, goal.constraints());
        String caption = String.format(Locale.ROOT, "All successful trials of %d runs, coloured by run; highlighted: the"
                + " front of all their feasible trials together (%d architectures)%s.", runs.size(), members.size(),
                goal.constraints().isEmpty() ? "" : "; dashed: the constraints " + goal.constraints());
        return Optional.of(files.chart(chart, DIR, "front-" + MetricFormat.slug(axes.y().metric()) + "-vs-"
                + MetricFormat.slug(axes.x().metric()), caption));
    }

    private static PlotPoint point(TrialRecord t, AxisPair axes) {
        Map<String, Double> m = t.trial().metrics();
        Double x = m.get(axes.x().metric());
        Double y = m.get(axes.y().metric());
        return x == null || y == null ? null : new PlotPoint(x, y);
    }

    private static String label(StoredRun run) {
        return run.runId() + ": " + run.run().strategy();
    }

    private static Table frontTable(Goal goal, List<CrossRun.Member> members) {
        Set<String> present = new LinkedHashSet<>();
        members.forEach(m -> present.addAll(m.trial().trial().metrics().keySet()));
        List<String> metrics = MetricOrder.of(goal.objectives(), present);
        List<String> columns = new ArrayList<>(List.of("run_id", "trial_id", "generation", "found_by", "fidelity"));
        columns.addAll(metrics);
        columns.add("arch_key");
        List<List<Object>> rows = new ArrayList<>();
        for (CrossRun.Member m : members) {
            TrialRecord t = m.trial();
            List<Object> row = new ArrayList<>(List.of(t.runId(), t.trialId(), t.generation(), m.foundBy(),
                    t.trial().fidelity()));
            metrics.forEach(name -> row.add(t.trial().metrics().get(name)));
            row.add(t.archKey());
            rows.add(row);
        }
        return new Table("cross-run-front", columns, metrics, rows);
    }
}
