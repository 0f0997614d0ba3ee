package org.sparknas.report;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.sparknas.chart.ChartStyle;
import org.sparknas.store.HypervolumeScale;
import org.sparknas.store.StoredRun;
import org.sparknas.store.TrialRecord;
import org.sparknas.strategy.Goal;

/**
 * Writes one comparison of runs (a group of {@link CrossRun#groups}) under its directory, e.g.
 * {@code cross-run/}: the combined front (plots and CSV) and the comparison of strategies,
 * hypervolume against evaluations, one line per run. Each run's hypervolume is the one of its own
 * section (the number its search printed, on its stored scale); runs whose scales differ are
 * labelled by scale, since their hypervolumes do not compare.
 */
final class CrossRunWriter {

    private final ReportFiles files;
    private final String dir;
    private final String name;

    /**
     * @param dir  the comparison's directory in the report, e.g. {@code cross-run} or {@code cross-run/2}
     * @param name its HTML id and the prefix of its tables' ids, e.g. {@code cross-run} or {@code cross-run-2}
     */
    CrossRunWriter(ReportFiles files, String dir, String name) {
        this.files = files;
        this.dir = dir;
        this.name = name;
    }

    /**
     * @param runs a group of {@link CrossRun#groups}: at least two runs of one supernet, objectives and constraints
     * @param hypervolumes each run's hypervolume by run id, as its own section shows it
     */
    CrossRunReport write(List<StoredRun> runs, Map<String, RunHypervolume> hypervolumes) {
        Goal goal = RunGoal.of(runs.get(0).run());
        List<String> written = new ArrayList<>();
        List<CrossRun.Member> members = CrossRun.front(runs, goal);

        List<Figure> figures = new ArrayList<>();
        if (goal.objectives().size() >= 2 && files.wantsFigure(false)) {
            for (AxisPair axes : ObjectiveSets.pairs(goal.objectives())) {
                frontFigure(runs, goal, members, axes).ifPresent(f -> {
                    figures.add(f);
                    written.addAll(f.files());
                });
            }
        }
        Table front = frontTable(goal, members);
        written.add(files.text(dir + "/front.csv", front.csv()));

        // Scales are numbered in order of appearance; runs without a feasible trial have none.
        List<HypervolumeScale> scales = new ArrayList<>();
        for (StoredRun run : runs) {
            HypervolumeScale scale = hypervolumes.get(run.runId()).scale();
            if (scale != null && !scales.contains(scale)) {
                scales.add(scale);
            }
        }
        List<LineChart.Series> lines = new ArrayList<>();
        List<List<Object>> comparison = new ArrayList<>();
        List<List<Object>> traceRows = new ArrayList<>();
        for (StoredRun run : runs) {
            RunHypervolume hv = hypervolumes.get(run.runId());
            List<HypervolumePoint> trace = hv.trace();
            String scale = hv.scale() == null ? "-" : Integer.toString(scales.indexOf(hv.scale()) + 1);
            lines.add(new LineChart.Series(label(run) + (scales.size() > 1 ? " [scale " + scale + "]" : ""),
                    trace.stream().mapToDouble(HypervolumePoint::evaluations).toArray(),
                    trace.stream().mapToDouble(HypervolumePoint::hypervolume).toArray()));
            trace.forEach(p -> traceRows.add(List.of(run.runId(), p.generation(), p.evaluations(), p.hypervolume())));
            long share = members.stream().filter(m -> m.foundBy().contains(run.runId())).count();
            comparison.add(List.of(run.runId(), run.run().strategy(), run.run().seed(), (long) run.trials().size(), share,
                    hv.finalValue(), scale));
        }
        String scaleNote = scaleNote(runs, hypervolumes, scales, goal);
        written.add(files.text(dir + "/hypervolume.csv", new Table(name + "-hypervolume",
                List.of("run_id", "generation", "evaluations", "hypervolume"), List.of("hypervolume"), traceRows).csv()));
        Optional<Figure> hvFigure = Optional.empty();
        if (files.wantsFigure(false) && lines.stream().anyMatch(l -> java.util.Arrays.stream(l.y()).anyMatch(v -> !Double.isNaN(v)))) {
            var chart = LineChart.build("Hypervolume against evaluations", "evaluations (trials)",
                    "normalised hypervolume", lines);
            hvFigure = Optional.of(files.chart(chart, dir, "hypervolume-vs-evaluations",
                    "One line per run: the hypervolume of its feasible trials (the number its search printed) against"
                            + " the number of trials it had proposed, for " + goal.objectives()
                            + (scales.size() > 1 ? "; [scale N]: the run's hypervolume scale, see below." : ".")));
            written.addAll(hvFigure.get().files());
        }
        Table table = new Table(name + "-comparison", List.of("run_id", "strategy", "seed", "evaluations",
                "front_architectures", "final_hypervolume", "hypervolume_scale"), List.of("final_hypervolume"), comparison);
        written.add(files.text(dir + "/comparison.csv", table.csv()));
        return new CrossRunReport(name, dir, runs.stream().map(StoredRun::runId).toList(), CrossRun.supernet(runs.get(0)),
                goal, members, front, figures, hvFigure, table, scaleNote, written);
    }

    /** Whether the runs' hypervolumes share one scale, and if not, which runs are on which. */
    private static String scaleNote(List<StoredRun> runs, Map<String, RunHypervolume> hypervolumes,
                                    List<HypervolumeScale> scales, Goal goal) {
        if (scales.size() <= 1) {
            return scales.isEmpty() ? "No run has a feasible trial yet."
                    : "Every run is on one hypervolume scale (" + scaleOf(runs, hypervolumes, scales.get(0)).describe(goal)
                    + "), so the values compare.";
        }
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < scales.size(); i++) {
            HypervolumeScale scale = scales.get(i);
            List<String> ids = runs.stream().filter(r -> scale.equals(hypervolumes.get(r.runId()).scale()))
                    .map(StoredRun::runId).toList();
            parts.add("scale " + (i + 1) + ": " + String.join(", ", ids) + " (" + scaleOf(runs, hypervolumes, scale).describe(goal)
                    + ")");
        }
        return "The runs' hypervolumes are on " + scales.size() + " different scales (" + String.join("; ", parts)
                + "): an objective without a fixed scale was calibrated on each run's first feasible trials, or the"
                + " latency tables differed. Only runs on the same scale compare by hypervolume; the combined front"
                + " compares them all.";
    }

    private static RunHypervolume scaleOf(List<StoredRun> runs, Map<String, RunHypervolume> hypervolumes,
                                          HypervolumeScale scale) {
        return runs.stream().map(r -> hypervolumes.get(r.runId())).filter(h -> scale.equals(h.scale())).findFirst()
                .orElseThrow();
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
        return Optional.of(files.chart(chart, dir, "front-" + MetricFormat.slug(axes.y().metric()) + "-vs-"
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

    private Table frontTable(Goal goal, List<CrossRun.Member> members) {
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
        return new Table(name + "-front", columns, metrics, rows);
    }
}
