package org.sparknas.latency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.sparknas.config.ConfigException;
import org.sparknas.space.Architecture;
import org.sparknas.space.OfaSpace;
import org.sparknas.store.TrialRecord;
import org.sparknas.strategy.Trial;

class StoredArchitectureTest {

    private static final OfaSpace TINY = TinySpaces.tiny();
    private static final LatencyTable DEV2 = TinySpaces.table(TINY, "dev2", List.of(1), k -> 1);
    private static final LookupTableModel TABLES = new LookupTableModel(TINY, Map.of("dev2", DEV2));

    private final Architecture wanted = TINY.largest();
    private final Architecture other = TINY.smallest();

    private static TrialRecord ok(String run, long id, Architecture arch, int fidelity, double accuracy) {
        return record(run, id, Trial.ok(arch, fidelity, Map.of("accuracy", accuracy, "macs", 1e6)));
    }

    private static TrialRecord record(String run, long id, Trial trial) {
        // created in reverse of (run, id), so an order by creation time would pick another trial than the rule
        return new TrialRecord(run, id, 0, "random", trial, TrialRecord.Provenance.LOCAL, "sha", null, "e",
                Instant.parse("2026-01-01T00:00:00Z").minusSeconds(id + (run.equals("run-b") ? 100 : 0)));
    }

    private static TrialRecord pick(Architecture arch, List<TrialRecord> trials) {
        return new StoredArchitecture(arch, "accuracy").pick(trials, TABLES).orElseThrow().trial();
    }

    @Test
    void theHighestFidelityWinsThenTheMetricThenTheLowestRunAndTrialId() {
        List<TrialRecord> trials = List.of(
                ok("run-a", 0, other, 400, 0.99),    // another architecture, better in every way
                ok("run-a", 1, wanted, 100, 0.95),   // most accurate, but at a lower fidelity
                ok("run-b", 2, wanted, 200, 0.80),
                ok("run-b", 3, wanted, 200, 0.90),   // highest fidelity, most accurate there
                record("run-a", 4, Trial.failed(wanted, 400, "oom")));
        Specialization.Choice choice = new StoredArchitecture(wanted, "accuracy").pick(trials, TABLES).orElseThrow();
        assertEquals("run-b", choice.trial().runId());
        assertEquals(3, choice.trial().trialId());
        assertEquals(4, choice.candidates());
        assertEquals(3, choice.feasible());
        assertEquals("architecture " + wanted.key(), choice.criterion());

        List<TrialRecord> tied = List.of(ok("run-b", 0, wanted, 200, 0.90), ok("run-a", 7, wanted, 200, 0.90),
                ok("run-a", 5, wanted, 200, 0.90));
        TrialRecord first = pick(wanted, tied);
        assertEquals("run-a", first.runId());
        assertEquals(5, first.trialId());
        assertEquals(first, pick(wanted, List.of(tied.get(2), tied.get(1), tied.get(0))));
    }

    @Test
    void aTableLatencyTheTrialLacksIsPredictedAndAnUnmeasuredArchitectureGivesNone() {
        List<TrialRecord> trials = List.of(ok("run-a", 0, wanted, 100, 0.9));
        Specialization.Choice choice = new StoredArchitecture(wanted, "accuracy").pick(trials, TABLES).orElseThrow();
        assertEquals(DEV2.predict(TINY.shape(wanted), 1), choice.metrics().get("latency_dev2_b1"));
        assertEquals(Optional.empty(), new StoredArchitecture(other, "accuracy").pick(trials, TABLES));
    }

    @Test
    void aMaximizedMetricNothingHasIsRefused() {
        List<TrialRecord> trials = List.of(ok("run-a", 0, wanted, 100, 0.9));
        ConfigException e = assertThrows(ConfigException.class,
                () -> new StoredArchitecture(wanted, "acuracy").pick(trials, TABLES));
        assertTrue(e.getMessage().contains("'acuracy'") && e.getMessage().contains("accuracy"), e.getMessage());
    }
}
