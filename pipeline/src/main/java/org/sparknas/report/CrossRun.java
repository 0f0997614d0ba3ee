package org.sparknas.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.sparknas.config.ConfigException;
import org.sparknas.pareto.NonDominatedSort;
import org.sparknas.store.TrialRecord;
import org.sparknas.strategy.Goal;

/**
 * Analysis over several runs: the Pareto front of all their trials together. Only runs that
 * measured with the same supernet weights and searched for the same objectives and constraints
 * are combined; anything else is refused, because their numbers do not compare.
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

    /** Refuses a set of runs that cannot share a front, naming which run differs in what. */
    static void checkComparable(List<StoredRun> runs) {
        for (StoredRun run : runs) {
            if (supernet(run) == null) {
                throw new ConfigException("run '" + run.runId() + "' records no supernet checksum (supernet_sha256 is empty"
                        + " in its catalog row and its trials), so its trials cannot be compared with other runs;"
                        + " report it alone with --run-id " + run.runId());
            }
        }
        refuseMixed(runs, CrossRun::supernet, "supernets", "used supernet", s -> s.length() > 12 ? s.substring(0, 12) : s,
                "a front over several runs only compares trials measured with the same supernet weights");
        refuseMixed(runs, r -> r.run().objectives().toString(), "objectives", "search for", Function.identity(),
                "the combined front and the hypervolume need one set of objectives");
        refuseMixed(runs, r -> r.run().constraints().toString(), "constraints", "are constrained by", Function.identity(),
                "which trials are feasible must be decided by one set of constraints");
    }

    private static void refuseMixed(List<StoredRun> runs, Function<StoredRun, String> key, String what, String verb,
                                    Function<String, String> shown, String why) {
        Map<String, List<String>> groups = new LinkedHashMap<>();
        for (StoredRun run : runs) {
            groups.computeIfAbsent(key.apply(run), k -> new ArrayList<>()).add(run.runId());
        }
        if (groups.size() > 1) {
            List<String> parts = new ArrayList<>();
            groups.forEach((k, ids) -> parts.add("run(s) " + String.join(", ", ids) + " " + verb + " " + shown.apply(k)));
            List<String> first = groups.values().iterator().next();
            throw new ConfigException("cannot combine runs with different " + what + ": " + String.join("; ", parts)
                    + ". " + Character.toUpperCase(why.charAt(0)) + why.substring(1) + ". Report them separately: choose"
                    + " runs that share them with --run-id (e.g. " + String.join(" ", first.stream()
                    .map(id -> "--run-id " + id).toList()) + ")");
        }
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
        for (int i : NonDominatedSort.fronts(points).get(0)) {
            String key = keys.get(i);
            members.add(new Member(first.get(key), new ArrayList<>(foundBy.get(key))));
        }
        members.sort(Comparator.comparingDouble((Member m) -> goal.minimized(m.trial().trial())[0])
                .thenComparing(m -> m.trial().runId()).thenComparingLong(m -> m.trial().trialId()));
        return members;
    }
}
