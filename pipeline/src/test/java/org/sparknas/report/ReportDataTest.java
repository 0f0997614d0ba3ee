package org.sparknas.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparknas.space.Architecture;
import org.sparknas.store.ParetoRecord;
import org.sparknas.store.RunRecord;
import org.sparknas.store.StoredRun;
import org.sparknas.store.TrialRecord;
import org.sparknas.store.parquet.ParquetRunSource;
import org.sparknas.strategy.Metrics;
import org.sparknas.strategy.Trial;

/** The data the interactive page draws is the stored trials, fronts, hypervolumes and choices, and nothing else. */
class ReportDataTest {

    private static final int FIXED = 7;
    private static final String OWN_SET = "max accuracy, min macs";

    @TempDir
    Path dir;

    private static StoredRun stored(String runId) {
        ParquetRunSource source = new ParquetRunSource(new Configuration(), ReportFixture.shared().toString());
        RunRecord run = source.runs().stream().filter(r -> r.runId().equals(runId)).findFirst().orElseThrow();
        return source.load(run, RunSpace.of(run));
    }

    private JsonObject data(StoredRun run) {
        RunReport report = new RunReportWriter(new ReportFiles(dir, StaticFigures.NONE)).write(run);
        String json = ReportData.json("out", "now", List.of(report), Map.of(run.runId(), 1), List.of("a problem"), 0);
        return JsonParser.parseString(json).getAsJsonObject();
    }

    @Test
    void everyStoredTrialIsARowWithItsMetricsChoicesAndFrontMembership() {
        StoredRun run = stored("nsga2-a");
        JsonObject doc = data(run);
        assertEquals("a problem", doc.getAsJsonArray("problems").get(0).getAsString());
        JsonObject r = doc.getAsJsonArray("runs").get(0).getAsJsonObject();
        assertEquals("nsga2-a", r.get("id").getAsString());
        assertEquals(1, r.get("group").getAsInt());
        List<String> metrics = strings(r.getAsJsonArray("metrics"));
        assertEquals(List.of("accuracy", "macs"), metrics.subList(0, 2), "the objectives first");
        List<String> choices = strings(r.getAsJsonArray("choices"));
        assertEquals(List.of("resolution", "depth.1", "depth.2", "depth.3", "kernel.1", "kernel.2", "kernel.3", "expand.1",
                "expand.2", "expand.3"), choices);

        Set<Long> rankOne = run.pareto().stream().filter(p -> p.rank() == 1 && p.objectiveSet().equals(OWN_SET))
                .map(ParetoRecord::trialId).collect(Collectors.toSet());
        JsonArray rows = r.getAsJsonArray("trials");
        assertEquals(run.trials().size(), rows.size());
        for (int i = 0; i < rows.size(); i++) {
            JsonArray row = rows.get(i).getAsJsonArray();
            TrialRecord t = run.trials().get(i);
            assertEquals(t.trialId(), row.get(0).getAsLong());
            assertEquals(t.generation(), row.get(1).getAsInt());
            assertEquals(t.archKey(), row.get(5).getAsString());
            assertEquals(rankOne.contains(t.trialId()) ? 1 : 0, row.get(4).getAsInt(), "own front, trial " + t.trialId());
            for (int m = 0; m < metrics.size(); m++) {
                Double stored = t.trial().metrics().get(metrics.get(m));
                JsonElement cell = row.get(FIXED + m);
                if (stored == null) {
                    assertTrue(cell.isJsonNull());
                } else {
                    assertEquals(stored, cell.getAsDouble(), Math.abs(stored) * 1e-6, metrics.get(m));
                }
            }
            Map<String, List<Integer>> chosen = ReportFixture.SPACE.choices(t.trial().architecture());
            for (int c = 0; c < choices.size(); c++) {
                double mean = chosen.get(choices.get(c)).stream().mapToInt(Integer::intValue).average().orElseThrow();
                assertEquals(mean, row.get(FIXED + metrics.size() + c).getAsDouble(), 1e-6, choices.get(c));
            }
        }
        JsonObject own = r.getAsJsonArray("fronts").get(0).getAsJsonObject();
        assertEquals(OWN_SET, own.get("set").getAsString());
        assertEquals(rankOne, longs(own.getAsJsonArray("trials")));
        assertTrue(r.get("exportCommand").getAsString().startsWith("bin/sparknas specialize --output out --run-id nsga2-a"
                + " --architecture"));
    }

    @Test
    void theHypervolumeIsTheRunsTraceAgainstEvaluations() {
        StoredRun run = stored("nsga2-a");
        RunReport report = new RunReportWriter(new ReportFiles(dir, StaticFigures.NONE)).write(run);
        JsonArray hv = data(run).getAsJsonArray("runs").get(0).getAsJsonObject().getAsJsonArray("hypervolume");
        assertEquals(report.hypervolume().size(), hv.size());
        for (int i = 0; i < hv.size(); i++) {
            HypervolumePoint p = report.hypervolume().get(i);
            JsonArray point = hv.get(i).getAsJsonArray();
            assertEquals(p.generation(), point.get(0).getAsInt());
            assertEquals(p.evaluations(), point.get(1).getAsLong());
            assertEquals(p.hypervolume(), point.get(2).getAsDouble(), 1e-6);
        }
    }

    @Test
    void effectsAreSumsAndCountsPerBlockThatUsesAValue() {
        StoredRun run = stored("random-a");
        List<String> metrics = List.of(Metrics.ACCURACY, Metrics.MACS);
        List<ChoiceEffects.Effect> effects = ChoiceEffects.of(run.space(), run.trials(), metrics);
        // By hand: the mean accuracy over every block of stage 2 that uses kernel 7, and how many such blocks.
        double sum = 0;
        int blocks = 0;
        for (TrialRecord t : run.trials()) {
            if (!t.trial().isOk()) {
                continue;
            }
            for (int k : run.space().choices(t.trial().architecture()).get("kernel.2")) {
                if (k == 7) {
                    sum += t.trial().metric(Metrics.ACCURACY);
                    blocks++;
                }
            }
        }
        ChoiceEffects.Effect k7 = effects.stream().filter(e -> e.choice().equals("kernel.2") && e.value() == 7)
                .findFirst().orElseThrow();
        assertTrue(blocks > 0);
        assertEquals(blocks, k7.count());
        assertEquals(sum / blocks, k7.mean(0), 1e-12);
        // Each trial counts once for its resolution: the counts over resolutions are the successful trials.
        long ok = run.trials().stream().filter(t -> t.trial().isOk()).count();
        assertEquals(ok, effects.stream().filter(e -> e.choice().equals("resolution")).mapToInt(ChoiceEffects.Effect::count)
                .sum());
        List<Integer> resolutions = effects.stream().filter(e -> e.choice().equals("resolution"))
                .map(ChoiceEffects.Effect::value).toList();
        assertEquals(resolutions.stream().sorted().toList(), resolutions, "in value order");
        assertTrue(resolutions.size() >= 2, resolutions.toString());
    }

    @Test
    void aMetricSomeTrialsLackIsAveragedOverThoseThatHaveIt() {
        List<Architecture> arch = ReportFixture.architectures(3);
        List<TrialRecord> trials = List.of(
                ReportFixture.trial("m", 0, 0, arch.get(0), "sha", Map.of(Metrics.ACCURACY, 0.8, "latency_x", 2.0)),
                ReportFixture.trial("m", 1, 0, arch.get(1), "sha", Map.of(Metrics.ACCURACY, 0.6)),
                new TrialRecord("m", 2, 0, "random", Trial.failed(arch.get(2), 100, "boom"), TrialRecord.Provenance.LOCAL,
                        "sha", null, "e", Instant.EPOCH));
        List<ChoiceEffects.Effect> effects = ChoiceEffects.of(ReportFixture.SPACE, trials, List.of(Metrics.ACCURACY, "latency_x"));
        Map<Integer, int[]> counts = new HashMap<>();
        for (ChoiceEffects.Effect e : effects) {
            if (e.choice().equals("resolution")) {
                counts.merge(e.value(), new int[] {e.count(), e.counts().get(1)}, (a, b) -> new int[] {a[0] + b[0], a[1] + b[1]});
            }
        }
        assertEquals(2, counts.values().stream().mapToInt(c -> c[0]).sum(), "the failed trial is left out");
        assertEquals(1, counts.values().stream().mapToInt(c -> c[1]).sum(), "one trial has the latency");
    }

    @Test
    void textFromTheTablesCannotCloseTheScriptElementItIsEmbeddedIn() {
        StoredRun plain = stored("nsga2-a");
        String hostile = "</script><img src=x onerror=alert(1)>";
        List<TrialRecord> trials = new ArrayList<>(plain.trials());
        TrialRecord first = trials.get(0);
        trials.set(0, new TrialRecord(first.runId(), first.trialId(), first.generation(), first.strategy(),
                Trial.failed(first.trial().architecture(), first.trial().fidelity(), hostile), first.provenance(),
                first.supernetSha256(), null, "e", first.createdAt()));
        StoredRun run = new StoredRun(plain.run(), plain.space(), trials, plain.pareto());
        String json = ReportData.json("o'ut </script>", "now", List.of(new RunReportWriter(new ReportFiles(dir,
                StaticFigures.NONE)).write(run)), Map.of(), List.of("<!-- x -->"), 0);
        assertFalse(json.contains("<"), "every < is escaped");
        JsonObject doc = JsonParser.parseString(json).getAsJsonObject();
        JsonObject r = doc.getAsJsonArray("runs").get(0).getAsJsonObject();
        assertEquals(hostile, r.getAsJsonArray("trials").get(0).getAsJsonArray().get(6).getAsString(), "read back unchanged");
        assertEquals("failed", r.getAsJsonArray("trials").get(0).getAsJsonArray().get(2).getAsString());
        assertTrue(r.get("exportCommand").getAsString().startsWith("bin/sparknas specialize --output 'o'\\''ut </script>'"
                + " --run-id nsga2-a"), "shell-quoted: " + r.get("exportCommand").getAsString());
    }

    private static List<String> strings(JsonArray a) {
        List<String> out = new ArrayList<>();
        a.forEach(e -> out.add(e.getAsString()));
        return out;
    }

    private static Set<Long> longs(JsonArray a) {
        Set<Long> out = new java.util.HashSet<>();
        a.forEach(e -> out.add(e.getAsLong()));
        return out;
    }
}
