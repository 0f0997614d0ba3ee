package org.sparknas.report;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sparknas.space.OfaSpace;
import org.sparknas.store.ParetoRecord;
import org.sparknas.store.RunRecord;
import org.sparknas.store.TrialRecord;
import org.sparknas.strategy.Goal;
import org.sparknas.strategy.Direction;
import org.sparknas.strategy.Objective;

/**
 * The data the interactive page draws, as one JSON document embedded in the page: per run its
 * trials as rows (metrics, and each choice of the architecture as a number), its fronts, its
 * hypervolume against evaluations and the effect of each choice. Columnar rows and rounded numbers
 * keep a report of thousands of trials small; Gson's HTML-safe escaping keeps run ids, strategy
 * names and errors from closing the script element they sit in.
 */
final class ReportData {

    /** Significant digits kept of a metric: more than any plot or table shows. */
    private static final int DIGITS = 7;
    private static final int MAX_ERROR = 300;

    private static final Gson GSON = new GsonBuilder().serializeNulls().create();

    private ReportData() {
    }

    /**
     * @param root       the output root as the user gave it (it appears in the export commands)
     * @param groups     the cross-run group of each run id (1-based), absent when a run is compared with none
     * @param problems   what could not be reported, one sentence each
     * @param refreshSeconds the live page's refresh period, 0 for a final page
     */
    static String json(String root, String generatedAt, List<RunReport> runs, Map<String, Integer> groups,
                       List<String> problems, int refreshSeconds) {
        JsonObject doc = new JsonObject();
        doc.addProperty("root", root);
        doc.addProperty("generatedAt", generatedAt);
        doc.addProperty("refreshSeconds", refreshSeconds);
        JsonArray runArray = new JsonArray();
        Map<String, Direction> directions = new LinkedHashMap<>();
        for (RunReport r : runs) {
            runArray.add(run(root, r, groups.get(r.stored().runId()), directions));
        }
        doc.add("runs", runArray);
        JsonObject metrics = new JsonObject();
        for (String metric : allMetrics(runs)) {
            JsonObject m = new JsonObject();
            Direction d = directions.getOrDefault(metric, defaultDirection(metric));
            m.addProperty("direction", d == Direction.MAXIMIZE ? "max" : "min");
            m.addProperty("label", MetricFormat.axisLabel(metric));
            m.addProperty("scale", MetricFormat.scale(metric));
            metrics.add(metric, m);
        }
        doc.add("metrics", metrics);
        JsonArray problemArray = new JsonArray();
        problems.forEach(problemArray::add);
        doc.add("problems", problemArray);
        return GSON.toJson(doc);
    }

    private static JsonObject run(String root, RunReport r, Integer group, Map<String, Direction> directions) {
        RunRecord run = r.stored().run();
        Goal goal = r.goal();
        goal.objectives().forEach(o -> directions.putIfAbsent(o.metric(), o.direction()));
        JsonObject o = new JsonObject();
        o.addProperty("id", run.runId());
        o.addProperty("strategy", run.strategy());
        o.addProperty("seed", run.seed());
        o.addProperty("status", run.status().storeName());
        o.addProperty("space", run.spaceName());
        o.addProperty("generationsDone", run.generationsDone());
        o.addProperty("generationsTotal", run.generationsTotal());
        o.add("group", group == null ? JsonNull.INSTANCE : new com.google.gson.JsonPrimitive(group));
        o.add("objectives", strings(goal.objectives().stream().map(Objective::toString).toList()));
        o.add("constraints", strings(run.constraints()));

        List<String> metrics = runMetrics(r);
        List<String> choices = choiceNames(r);
        o.add("metrics", strings(metrics));
        o.add("choices", strings(choices));
        Set<Long> ownFront = rankOne(r.stored().pareto(), r.frontSet());
        JsonArray trials = new JsonArray();
        for (TrialRecord t : r.stored().trials()) {
            trials.add(trialRow(r, t, metrics, choices, ownFront.contains(t.trialId())));
        }
        o.addProperty("trialColumns", "trial_id, generation, status, feasible, own front, arch_key, error, metrics..., choices...");
        o.add("trials", trials);
        o.add("fronts", fronts(r));
        JsonArray hv = new JsonArray();
        for (HypervolumePoint p : r.hypervolume()) {
            JsonArray point = new JsonArray();
            point.add(p.generation());
            point.add(p.evaluations());
            point.add(number(p.hypervolume()));
            hv.add(point);
        }
        o.add("hypervolume", hv);
        o.add("effects", effects(r, metrics));
        boolean exportable = OfaSpace.of(r.stored().space()).isPresent();
        o.addProperty("exportCommand", exportable ? "bin/sparknas specialize --output " + Shell.quote(root) + " --run-id "
                + Shell.quote(run.runId()) + " --architecture" : "");
        return o;
    }

    private static JsonArray trialRow(RunReport r, TrialRecord t, List<String> metrics, List<String> choices, boolean front) {
        JsonArray row = new JsonArray();
        row.add(t.trialId());
        row.add(t.generation());
        row.add(t.trial().status().name().toLowerCase(java.util.Locale.ROOT));
        row.add(GoalCheck.feasible(r.goal(), t.trial()) ? 1 : 0);
        row.add(front ? 1 : 0);
        row.add(t.archKey());
        String error = t.trial().error();
        row.add(error == null ? null : error.length() > MAX_ERROR ? error.substring(0, MAX_ERROR) + "..." : error);
        Map<String, Double> values = t.trial().metrics();
        for (String m : metrics) {
            Double v = values.get(m);
            row.add(v == null ? JsonNull.INSTANCE : number(v));
        }
        Map<String, List<Integer>> chosen = r.stored().space().choices(t.trial().architecture());
        for (String c : choices) {
            row.add(number(mean(chosen.getOrDefault(c, List.of()))));
        }
        return row;
    }

    /** Per objective set of the Pareto table: its objectives and the trial ids of its first front. */
    private static JsonArray fronts(RunReport r) {
        JsonArray fronts = new JsonArray();
        for (Map.Entry<String, List<Objective>> set : ObjectiveSets.of(r.goal(), r.stored().pareto()).entrySet()) {
            JsonObject f = new JsonObject();
            f.addProperty("set", set.getKey());
            JsonArray objectives = new JsonArray();
            for (Objective o : set.getValue()) {
                JsonArray pair = new JsonArray();
                pair.add(o.metric());
                pair.add(o.direction() == Direction.MAXIMIZE ? "max" : "min");
                objectives.add(pair);
            }
            f.add("objectives", objectives);
            JsonArray ids = new JsonArray();
            rankOne(r.stored().pareto(), set.getKey()).forEach(ids::add);
            f.add("trials", ids);
            fronts.add(f);
        }
        return fronts;
    }

    /** Rows of {@code [choice, value, count, then per metric its sum and count]}, from {@link ChoiceEffects}. */
    private static JsonArray effects(RunReport r, List<String> metrics) {
        JsonArray rows = new JsonArray();
        for (ChoiceEffects.Effect e : ChoiceEffects.of(r.stored().space(), r.stored().trials(), metrics)) {
            JsonArray row = new JsonArray();
            row.add(e.choice());
            row.add(e.value());
            row.add(e.count());
            for (int m = 0; m < metrics.size(); m++) {
                row.add(number(e.sums().get(m)));
                row.add(e.counts().get(m));
            }
            rows.add(row);
        }
        return rows;
    }

    /** Every metric a successful trial of the run holds, objectives first (as the tables order them). */
    static List<String> runMetrics(RunReport r) {
        Set<String> present = new LinkedHashSet<>();
        r.stored().trials().forEach(t -> present.addAll(t.trial().metrics().keySet()));
        return MetricOrder.of(r.goal().objectives(), present);
    }

    private static List<String> choiceNames(RunReport r) {
        if (r.stored().trials().isEmpty()) {
            return List.of();
        }
        return List.copyOf(r.stored().space().choices(r.stored().trials().get(0).trial().architecture()).keySet());
    }

    private static Set<String> allMetrics(List<RunReport> runs) {
        Set<String> all = new LinkedHashSet<>();
        runs.forEach(r -> all.addAll(runMetrics(r)));
        return all;
    }

    private static Set<Long> rankOne(List<ParetoRecord> pareto, String setName) {
        Set<Long> ids = new LinkedHashSet<>();
        pareto.stream().filter(p -> p.rank() == 1 && p.objectiveSet().equals(setName)).forEach(p -> ids.add(p.trialId()));
        return ids;
    }

    private static Direction defaultDirection(String metric) {
        return metric.equals(org.sparknas.strategy.Metrics.ACCURACY) ? Direction.MAXIMIZE
                : Direction.MINIMIZE;
    }

    private static double mean(List<Integer> values) {
        return values.isEmpty() ? Double.NaN : values.stream().mapToInt(Integer::intValue).average().orElse(Double.NaN);
    }

    /** A finite value rounded to {@link #DIGITS} significant digits; NaN and infinities as null. */
    static com.google.gson.JsonElement number(double v) {
        if (!Double.isFinite(v)) {
            return JsonNull.INSTANCE;
        }
        return new com.google.gson.JsonPrimitive(
                new java.math.BigDecimal(v).round(new java.math.MathContext(DIGITS)).stripTrailingZeros());
    }

    private static JsonArray strings(List<String> values) {
        JsonArray a = new JsonArray();
        values.forEach(a::add);
        return a;
    }
}
