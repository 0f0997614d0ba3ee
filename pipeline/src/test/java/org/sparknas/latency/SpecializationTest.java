package org.sparknas.latency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.sparknas.config.ConfigException;
import org.sparknas.space.Architecture;
import org.sparknas.space.OfaSpace;
import org.sparknas.store.TrialRecord;
import org.sparknas.strategy.Constraint;
import org.sparknas.strategy.Trial;

class SpecializationTest {

    private static final OfaSpace TINY = TinySpaces.tiny();
    /** dev2 entries: 1 ms per layer, so a sub-network's dev2 latency is its number of layers (blocks + 2). */
    private static final LatencyTable DEV2 = TinySpaces.table(TINY, "dev2", List.of(1), k -> 1);
    private static final LookupTableModel TABLES = new LookupTableModel(TINY, Map.of("dev2", DEV2));

    private final List<Architecture> archs = distinct(6);

    private static List<Architecture> distinct(int n) {
        List<Architecture> out = new ArrayList<>();
        SplittableRandom rng = new SplittableRandom(11);
        while (out.size() < n) {
            Architecture a = TINY.sample(rng);
            if (!out.contains(a)) {
                out.add(a);
            }
        }
        return out;
    }

    private TrialRecord trial(int i, double accuracy, double cpuLatency, double macs) {
        Trial t = Trial.ok(archs.get(i), 100, Map.of("accuracy", accuracy, "latency_cpu_b1", cpuLatency, "macs", macs));
        return new TrialRecord("run-" + (i % 2), i, 0, "random", t, TrialRecord.Provenance.LOCAL, "sha", null, "e", Instant.parse("2026-01-01T00:00:00Z")
                .plusSeconds(i));
    }

    @Test
    void picksTheMostAccurateStoredTrialThatMeetsEveryConstraint() {
        List<TrialRecord> trials = List.of(
                trial(0, 0.80, 2.0, 1e6),
                trial(1, 0.95, 6.0, 1e6),   // most accurate, too slow
                trial(2, 0.90, 2.9, 1e6),   // the answer
                trial(3, 0.92, 2.5, 5e6),   // too many MACs
                trial(4, 0.70, 1.0, 1e6),
                new TrialRecord("run-0", 5, 0, "random", Trial.failed(archs.get(5), 100, "oom"), TrialRecord.Provenance.LOCAL, "sha", null, "e",
                        Instant.parse("2026-01-01T00:00:00Z")));
        Specialization s = new Specialization(List.of(Constraint.parse("latency_cpu_b1 <= 3"), Constraint.parse("macs <= 2e6")),
                "accuracy");
        Specialization.Choice choice = s.best(trials, TABLES).orElseThrow();
        assertEquals(2, choice.trial().trialId());
        assertEquals(5, choice.candidates());
        assertEquals(3, choice.feasible());
        assertEquals(Optional.empty(), new Specialization(List.of(Constraint.parse("latency_cpu_b1 <= 0.5")), "accuracy")
                .best(trials, TABLES));
    }

    @Test
    void aTableLatencyTheTrialsDidNotStoreIsPredictedFromTheTable() {
        List<TrialRecord> trials = List.of(trial(0, 0.80, 2.0, 1e6), trial(1, 0.95, 6.0, 1e6), trial(2, 0.90, 2.9, 1e6));
        double smallest = trials.stream().mapToDouble(t -> TINY.shape(t.trial().architecture()).blocks().size() + 2).min()
                .orElseThrow();
        Specialization s = new Specialization(List.of(Constraint.atMost("latency_dev2_b1", smallest)), "accuracy");
        Specialization.Choice choice = s.best(trials, TABLES).orElseThrow();
        assertEquals(smallest, choice.metrics().get("latency_dev2_b1"), 1e-9);
        assertEquals(DEV2.predict(TINY.shape(choice.trial().trial().architecture()), 1), choice.metrics().get("latency_dev2_b1"));
        assertTrue(trials.stream().filter(t -> t.trial().metric("accuracy") > choice.trial().trial().metric("accuracy"))
                .allMatch(t -> DEV2.predict(TINY.shape(t.trial().architecture()), 1) > smallest));
    }

    @Test
    void aConstraintOnAMetricNothingHasOrPredictsIsRefusedWithWhatIsKnown() {
        List<TrialRecord> trials = List.of(trial(0, 0.80, 2.0, 1e6));
        ConfigException e = assertThrows(ConfigException.class, () -> new Specialization(
                List.of(Constraint.parse("latency_gpu_b1 <= 3")), "accuracy").best(trials, TABLES));
        assertTrue(e.getMessage().contains("latency_gpu_b1") && e.getMessage().contains("latency_dev2_b1")
                && e.getMessage().contains("profile-latency"), e.getMessage());
    }
}
