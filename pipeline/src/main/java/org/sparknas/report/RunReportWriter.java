package org.sparknas.report;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import java.awt.Color;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.sparknas.chart.ChartStyle;
import org.sparknas.store.HypervolumeIndicator;
import org.sparknas.store.ParetoRecord;
import org.sparknas.store.StoredRun;
import org.sparknas.store.TrialRecord;
import org.sparknas.strategy.Goal;
import org.sparknas.strategy.Objective;

/**
 * Writes one run's part of a report under {@code runs/RUN/}: a Pareto plot per objective pair,
 * the hypervolume by generation, the front as CSV, and the configuration as JSON.
 */
final class RunReportWriter {

    private static final Color TRIALS = ChartStyle.faint(ChartStyle.palette(0), 110);

    private final ReportFiles files;

    RunReportWriter(ReportFiles files) {
        this.files = files;
    }

    RunReport write(StoredRun run) {
        return write(run, RunHypervolume.of(run, RunGoal.of(run.run())));
    }

    /** @param hv the run's hypervolume, as {@link RunHypervolume#of} gives it */
    RunReport write(StoredRun run, RunHypervolume hv) {
        Goal goal = RunGoal.of(run.run());
        String dir = "runs/" + run.runId();
        List<String> written = new ArrayList<>();

        List<Figure> figures = paretoFigures(run, goal, dir);
        figures.forEach(f -> written.addAll(f.files()));

        Optional<Figure> hvFigure = hypervolumeFigure(run, goal, hv, dir);
        hvFigure.ifPresent(f -> written.addAll(f.files()));
        written.add(files.text(dir + "/hypervolume.csv", hypervolumeTable(run.runId(), hv.trace()).csv()));

        String frontSet = frontSet(run, goal);
        Table front = frontTable(run, frontSet);
        written.add(files.text(dir + "/front.csv", front.csv()));

        String config = prettyConfig(run.run().configJson());
        written.add(files.text(dir + "/config.json", config));
        return new RunReport(run, goal, frontSet, front, figures, hv, hvFigure, config, written);
    }

    private List<Figure> paretoFigures(StoredRun run, Goal goal, String dir) {
        List<Figure> figures = new ArrayList<>();
        Set<AxisPair> drawnAsFront = new HashSet<>();
        for (Map.Entry<String, List<Objective>> set : ObjectiveSets.of(goal, run.pareto()).entrySet()) {
            List<Objective> objectives = set.getValue();
            if (objectives.size() < 2) {
                continue;
            }
            boolean projected = objectives.size() > 2;
            Set<Long> front = rankOne(run.pareto(), set.getKey());
            for (AxisPair axes : ObjectiveSets.pairs(objectives)) {
                if (!projected && !drawnAsFront.add(axes)) {
                    continue;
                }
                boolean overview = figures.isEmpty() && !projected;
                if (files.wantsFigure(overview)) {
                    paretoFigure(run, goal, dir, set.getKey(), axes, front, projected).ifPresent(figures::add);
                }
            }
        }
        return figures;
    }

    /** The plot of one pair; none while no successful trial has both metrics (nothing to draw). */
    private Optional<Figure> paretoFigure(StoredRun run, Goal goal, String dir, String setName, AxisPair axes,
                                          Set<Long> frontIds, boolean projected) {
        List<PlotPoint> feasible = new ArrayList<>();
        List<PlotPoint> infeasible = new ArrayList<>();
        List<PlotPoint> front = new ArrayList<>();
        for (TrialRecord t : run.trials()) {
            Map<String, Double> m = t.trial().metrics();
            if (!t.trial().isOk() || !m.containsKey(axes.x().metric()) || !m.containsKey(axes.y().metric())) {
                continue;
            }
            PlotPoint p = new PlotPoint(m.get(axes.x().metric()), m.get(axes.y().metric()));
            (GoalCheck.feasible(goal, t.trial()) ? feasible : infeasible).add(p);
            if (frontIds.contains(t.trialId())) {
                front.add(p);
            }
        }
        if (feasible.isEmpty() && infeasible.isEmpty()) {
            return Optional.empty();
        }
        String frontLabel = projected ? "front of " + setName : "Pareto front";
        var chart = ParetoChart.build(run.runId() + ": " + axes.y().metric() + " vs " + axes.x().metric(), axes,
                List.of(new PointGroup("feasible trials", feasible, TRIALS, SeriesMarkers.CIRCLE),
                        new PointGroup("infeasible trials", infeasible, ChartStyle.INFEASIBLE, SeriesMarkers.CROSS)),
                new PointGroup(frontLabel, front, ChartStyle.FRONT, SeriesMarkers.DIAMOND), !projected,
                goal.constraints());
        int size = ObjectiveSets.parse(setName).size();
        String caption = String.format(Locale.ROOT, "%s: %d successful trials (%d feasible, %d infeasible); highlighted: %s,"
                        + " %d architectures%s.", setName, feasible.size() + infeasible.size(), feasible.size(),
                infeasible.size(), projected ? "the front of all " + size + " objectives, projected onto these two"
                        : "the Pareto front", front.size(),
                goal.constraints().isEmpty() ? "" : "; dashed: the constraints " + goal.constraints());
        String name = (projected ? "pareto" + size + "d-" : "pareto-")
                + MetricFormat.slug(axes.y().metric()) + "-vs-" + MetricFormat.slug(axes.x().metric());
        return Optional.of(files.chart(chart, dir, name, caption));
    }

    private static Set<Long> rankOne(List<ParetoRecord> pareto, String setName) {
        Set<Long> ids = new LinkedHashSet<>();
        pareto.stream().filter(p -> p.rank() == 1 && p.objectiveSet().equals(setName)).forEach(p -> ids.add(p.trialId()));
        return ids;
    }

    private Optional<Figure> hypervolumeFigure(StoredRun run, Goal goal, RunHypervolume hv, String dir) {
        List<HypervolumePoint> trace = hv.trace();
        if (!files.wantsFigure(false) || trace.stream().allMatch(p -> Double.isNaN(p.hypervolume()))) {
            return Optional.empty();
        }
        double[] x = trace.stream().mapToDouble(p -> p.generation() + 1).toArray();
        double[] y = trace.stream().mapToDouble(HypervolumePoint::hypervolume).toArray();
        var chart = LineChart.build(run.runId() + ": hypervolume by generation", "generation", "normalised hypervolume",
                List.of(new LineChart.Series(run.runId(), x, y)));
        chart.getStyler().setXAxisDecimalPattern("0");
        String caption = "Hypervolume of the feasible trials up to each generation, for " + goal.objectives()
                + ", each objective mapped onto [0, 1] by the run's scale (" + hv.describe(goal) + "), reference point "
                + HypervolumeIndicator.REFERENCE + (hv.stored() ? ": the same number the search printed per generation."
                : ": " + hv.note() + ".");
        return Optional.of(files.chart(chart, dir, "hypervolume", caption));
    }

    static Table hypervolumeTable(String runId, List<HypervolumePoint> hv) {
        List<List<Object>> rows = new ArrayList<>();
        hv.forEach(p -> rows.add(List.of(runId, p.generation(), p.evaluations(), p.hypervolume())));
        return new Table("hypervolume-" + runId, List.of("run_id", "generation", "evaluations", "hypervolume"),
                List.of("hypervolume"), rows);
    }

    /** The run's own objectives; a run by reward alone has no such set stored, so its first stored one. */
    private static String frontSet(StoredRun run, Goal goal) {
        String own = RunGoal.setName(goal.objectives());
        boolean stored = run.pareto().stream().anyMatch(p -> p.objectiveSet().equals(own));
        return stored || run.pareto().isEmpty() ? own : run.pareto().get(0).objectiveSet();
    }

    /** The rank-1 rows of the set, ordered by its first objective (best first), then trial id. */
    static Table frontTable(StoredRun run, String setName) {
        List<Objective> objectives = ObjectiveSets.parse(setName);
        List<ParetoRecord> rows = new ArrayList<>(run.pareto().stream()
                .filter(p -> p.rank() == 1 && p.objectiveSet().equals(setName)).toList());
        Objective first = objectives.get(0);
        rows.sort(Comparator.comparingDouble((ParetoRecord p) -> first.direction().toMinimized(p.values().get(first.metric())))
                .thenComparingLong(ParetoRecord::trialId));
        Set<String> present = new LinkedHashSet<>();
        rows.forEach(r -> present.addAll(r.values().keySet()));
        List<String> metrics = MetricOrder.of(objectives, present);
        List<String> columns = new ArrayList<>(List.of("trial_id", "generation"));
        columns.addAll(metrics);
        columns.add("arch_key");
        List<List<Object>> cells = new ArrayList<>();
        for (ParetoRecord r : rows) {
            List<Object> row = new ArrayList<>(List.of(r.trialId(), r.generation()));
            metrics.forEach(m -> row.add(r.values().get(m)));
            row.add(r.archKey());
            cells.add(row);
        }
        return new Table("front-" + run.runId(), columns, metrics, cells);
    }

    /** The stored JSON is one line; a reader wants it indented. */
    static String prettyConfig(String json) {
        try {
            return ConfigFactory.parseString(json).root()
                    .render(ConfigRenderOptions.concise().setJson(true).setFormatted(true));
        } catch (com.typesafe.config.ConfigException e) {
            return json;
        }
    }
}
