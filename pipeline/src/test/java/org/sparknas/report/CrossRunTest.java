package org.sparknas.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sparknas.space.Architecture;
import org.sparknas.store.StoredRun;
import org.sparknas.store.TrialRecord;

/** The combined front and which runs are compared, on runs made by hand (no Spark). */
class CrossRunTest {

    private static final List<String> OBJECTIVES = List.of("max accuracy", "min macs");
    private static final List<String> CONSTRAINTS = List.of("macs <= 3000000.0");
    private static final List<Architecture> ARCH = ReportFixture.architectures(8);

    private static StoredRun run(String id, String supernet, List<String> objectives, List<String> constraints,
                                 TrialRecord... trials) {
        return new StoredRun(ReportFixture.runRecord(id, "random", supernet, objectives, constraints), ReportFixture.SPACE,
                List.of(trials), List.of());
    }

    private static TrialRecord t(String run, long id, int arch, double accuracy, double macs) {
        return ReportFixture.trial(run, id, 0, ARCH.get(arch), "sha-1", accuracy, macs);
    }

    /**
     * Run a: a0 (0.80, 1.0M), a1 (0.85, 2.0M), a2 (0.70, 1.5M, dominated by a0).
     * Run b: b3 (0.90, 2.5M), b4 (0.84, 2.2M, dominated by a1), a1 again (same measurement),
     * b5 (0.95, 3.5M, infeasible: MACs above 3M), b6 (0.99, 0.5M) failed.
     * The combined front, best accuracy first: b3, a1 (found by both), a0.
     */
    @Test
    void theCombinedFrontOfTwoRunsIsTheirJointNonDominatedSetWithEachArchitectureOnce() {
        StoredRun a = run("a", "sha-1", OBJECTIVES, CONSTRAINTS, t("a", 0, 0, 0.80, 1.0e6), t("a", 1, 1, 0.85, 2.0e6),
                t("a", 2, 2, 0.70, 1.5e6));
        TrialRecord failed = new TrialRecord("b", 4, 0, "random", org.sparknas.strategy.Trial.failed(ARCH.get(6), 500,
                "out of memory"), TrialRecord.Provenance.LOCAL, "sha-1", null, "e", java.time.Instant.EPOCH);
        StoredRun b = run("b", "sha-1", OBJECTIVES, CONSTRAINTS, t("b", 0, 3, 0.90, 2.5e6), t("b", 1, 4, 0.84, 2.2e6),
                t("b", 2, 1, 0.85, 2.0e6), t("b", 3, 5, 0.95, 3.5e6), failed);
        assertEquals(List.of(List.of(a, b)), CrossRun.groups(List.of(a, b)).comparisons());
        List<CrossRun.Member> front = CrossRun.front(List.of(a, b), RunGoal.of(a.run()));
        assertEquals(List.of(ARCH.get(3).key(), ARCH.get(1).key(), ARCH.get(0).key()),
                front.stream().map(m -> m.trial().archKey()).toList());
        assertEquals(List.of("b", "a", "a"), front.stream().map(m -> m.trial().runId()).toList());
        assertEquals(List.of(List.of("b"), List.of("a", "b"), List.of("a")), front.stream().map(CrossRun.Member::foundBy).toList());

        // Without the constraint, the infeasible b5 has the best accuracy and joins the front.
        StoredRun a2 = run("a", "sha-1", OBJECTIVES, List.of(), a.trials().toArray(TrialRecord[]::new));
        StoredRun b2 = run("b", "sha-1", OBJECTIVES, List.of(), b.trials().toArray(TrialRecord[]::new));
        assertEquals(ARCH.get(5).key(), CrossRun.front(List.of(a2, b2), RunGoal.of(a2.run())).get(0).trial().archKey());
    }

    @Test
    void onlyRunsOfOneSupernetObjectivesAndConstraintsAreComparedOneGroupEach() {
        StoredRun a = run("a", "1111111111111111aaaa", OBJECTIVES, CONSTRAINTS, t("a", 0, 0, 0.8, 1e6));
        StoredRun otherNet = run("b", "2222222222222222bbbb", OBJECTIVES, CONSTRAINTS, t("b", 0, 0, 0.8, 1e6));
        StoredRun c = run("c", "1111111111111111aaaa", OBJECTIVES, CONSTRAINTS, t("c", 0, 0, 0.8, 1e6));
        StoredRun params = run("p", "1111111111111111aaaa", List.of("max accuracy", "min params"), CONSTRAINTS);
        StoredRun unconstrained = run("k", "1111111111111111aaaa", OBJECTIVES, List.of());
        StoredRun params2 = run("q", "1111111111111111aaaa", List.of("max accuracy", "min params"), CONSTRAINTS);
        StoredRun unknown = run("u", null, OBJECTIVES, CONSTRAINTS);

        CrossRun.Grouping g = CrossRun.groups(List.of(a, otherNet, params, c, unconstrained, unknown, params2));
        assertEquals(List.of(List.of(a, c), List.of(params, params2)), g.comparisons());
        assertEquals(List.of("run u records no supernet checksum (supernet_sha256 is empty in its catalog row and its"
                        + " trials), so its trials are compared with no other run's",
                "run b shares its supernet 222222222222, objectives [max accuracy, min macs] and constraints"
                        + " [macs <= 3000000.0] with no other run reported here, so it is compared with none",
                "run k shares its supernet 111111111111, objectives [max accuracy, min macs] and constraints []"
                        + " with no other run reported here, so it is compared with none"), g.alone());

        CrossRun.Grouping single = CrossRun.groups(List.of(a));
        assertEquals(List.of(), single.comparisons());
        assertEquals(List.of(), single.alone(), "a report of one run has nothing to explain");
    }

    @Test
    void aRunWithoutACatalogChecksumIsKnownByItsTrials() {
        StoredRun a = run("a", null, OBJECTIVES, CONSTRAINTS, t("a", 0, 0, 0.8, 1e6), t("a", 1, 1, 0.7, 1e6));
        assertEquals("sha-1", CrossRun.supernet(a));
    }
}
