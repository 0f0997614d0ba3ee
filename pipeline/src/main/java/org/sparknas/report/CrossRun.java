package org.sparknas.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sparknas.pareto.NonDominatedSort;
import org.sparknas.store.StoredRun;
import org.sparknas.store.TrialRecord;
import org.sparknas.strategy.Goal;

/**
 * Analysis over several runs: the Pareto front of all their trials together. Only runs that
 * measured with the same supernet weights, searched the same space and for the same objectives and constraints
 * are combined ({@link #groups}): the numbers of any other runs do not compare.
 */
final class CrossRun {

    /**
     * One architecture of the combined front.
     *
     * @param trial   its trial in the first run (in the order given) that found it
     * @param foundBy every run that has a successful, feasible trial of it at the same fidelity
     */
    record Member(TrialRecord trial, List<String> foundBy) {

        Member {
            foundBy = List.copyOf(foundBy);
        }
    }

    private CrossRun() {
    }

    /**
     * Which runs are compared with which.
     *
     * @param comparisons groups of at least two runs that share supernet, space, objectives and constraints, in the
     *                    order of their first run
     * @param alone       one sentence per run compared with none, saying why
     */
    record Grouping(List<List<StoredRun>> comparisons, List<String> alone) {

        Grouping {
            comparisons = comparisons.stream().map(List::copyOf).toList();
            alone = List.copyOf(alone);
        }
    }

    /**
     * Groups runs that can share a front: the same supernet weights (their trials are measured by the
     * same network), the same objectives (one front, one hypervolume) and the same constraints (one
     * notion of feasible). A run that records no supernet checksum is compared with none.
     */
    static Grouping groups(List<StoredRun> runs) {
        Map<String, List<StoredRun>> groups = new LinkedHashMap<>();
        List<String> alone = new ArrayList<>();
        for (StoredRun run : runs) {
            String supernet = supernet(run);
            if (supernet == null) {
                alone.add("run " + run.runId() + " records no supernet checksum (supernet_sha256 is empty in its catalog"
                        + " row and its trials), so its trials are compared with no other run's");
                continue;
            }
            // the space too: a space with precisions shares the supernet of its plain twin, not its candidates
            String key = supernet + "\n" + run.run().spaceFingerprint() + "\n" + run.run().objectives() + "\n"
                    + run.run().constraints();
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(run);
        }
        List<List<StoredRun>> comparisons = new ArrayList<>();
        for (List<StoredRun> group : groups.values()) {
            if (group.size() > 1) {
                comparisons.add(group);
            } else if (runs.size() > 1) {
                StoredRun run = group.get(0);
                alone.add("run " + run.runId() + " shares its supernet " + shortSha(supernet(run)) + ", objectives "
                        + run.run().objectives() + " and constraints " + run.run().constraints() + " with no other run"
                        + " reported here, so it is compared with none");
            }
        }
        return new Grouping(comparisons, alone);
    }

    private static String shortSha(String sha) {
        return sha.length() > 12 ? sha.substring(0, 12) : sha;
    }

    /** The supernet checksum a run measured with: its catalog's, else its trials' (null when unknown or mixed). */
    static String supernet(StoredRun run) {
        if (run.run().supernetSha256() != null) {
            return run.run().supernetSha256();
        }
        Set<String> seen = new LinkedHashSet<>();
        run.trials().forEach(t -> seen.add(t.supernetSha256()));
        return seen.size() == 1 ? seen.iterator().next() : null;
    }

    /**
     * The non-dominated architectures among the successful, feasible trials of all runs. An
     * architecture measured at the same fidelity by several runs (or reused from one another)
     * counts once, so the front lists each architecture once.
     */
    static List<Member> front(List<StoredRun> runs, Goal goal) {
        Map<String, TrialRecord> first = new LinkedHashMap<>();
        Map<String, Set<String>> foundBy = new LinkedHashMap<>();
        for (StoredRun run : runs) {
            for (TrialRecord t : run.trials()) {
                if (GoalCheck.feasible(goal, t.trial())) {
                    String key = t.archKey() + "@" + t.trial().fidelity();
                    first.putIfAbsent(key, t);
                    foundBy.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(t.runId());
                }
            }
        }
        List<String> keys = new ArrayList<>(first.keySet());
        List<double[]> points = keys.stream().map(k -> goal.minimized(first.get(k).trial())).toList();
        if (points.isEmpty()) {
            return List.of();
        }
        List<Member> members = new ArrayList<>();
        for (int i : NonDominatedSort.firstFront(points)) {
            String key = keys.get(i);
            members.add(new Member(first.get(key), new ArrayList<>(foundBy.get(key))));
        }
        members.sort(Comparator.comparingDouble((Member m) -> goal.minimized(m.trial().trial())[0])
                .thenComparing(m -> m.trial().runId()).thenComparingLong(m -> m.trial().trialId()));
        return members;
    }
}
