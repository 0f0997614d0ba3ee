package org.sparknas.strategy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.sparknas.pareto.CrowdingDistance;
import org.sparknas.pareto.Dominance;
import org.sparknas.pareto.NonDominatedSort;

/**
 * NSGA-II's ordering of a set of trials under Deb's constrained domination: every feasible trial
 * beats every infeasible one; feasible trials are ranked by non-dominated front and, within a
 * front, by crowding distance (larger first); infeasible trials come after all fronts, ranked by
 * their violation (smaller first).
 */
final class ConstrainedRanking {

    /** The ranked members, with each one's rank (front index) and crowding distance. */
    record Ranked(List<Scored> members, int[] rank, double[] crowding) {

        /** Whether member {@code a} wins a tournament against {@code b} (lower rank, then more crowding). */
        boolean beats(int a, int b) {
            if (rank[a] != rank[b]) {
                return rank[a] < rank[b];
            }
            return crowding[a] > crowding[b];
        }
    }

    private ConstrainedRanking() {
    }

    static Ranked rank(List<Scored> members) {
        int n = members.size();
        int[] rank = new int[n];
        double[] crowding = new double[n];
        List<Integer> feasible = new ArrayList<>();
        List<Integer> infeasible = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            (members.get(i).feasible() ? feasible : infeasible).add(i);
        }
        List<double[]> points = feasible.stream().map(i -> members.get(i).objectives()).toList();
        List<List<Integer>> fronts = NonDominatedSort.fronts(points);
        for (int f = 0; f < fronts.size(); f++) {
            List<double[]> front = new ArrayList<>();
            for (int p : fronts.get(f)) {
                front.add(points.get(p));
            }
            double[] distance = CrowdingDistance.of(front);
            for (int k = 0; k < distance.length; k++) {
                int member = feasible.get(fronts.get(f).get(k));
                rank[member] = f;
                crowding[member] = distance[k];
            }
        }
        infeasible.sort(Comparator.<Integer>comparingDouble(i -> members.get(i).violation()).thenComparingInt(i -> i));
        int next = fronts.size();
        for (int k = 0; k < infeasible.size(); k++) {
            if (k > 0 && members.get(infeasible.get(k)).violation() > members.get(infeasible.get(k - 1)).violation()) {
                next++;
            }
            rank[infeasible.get(k)] = next;
        }
        return new Ranked(List.copyOf(members), rank, crowding);
    }

    /**
     * Deb's constrained domination: a feasible trial dominates every infeasible one, an infeasible
     * one dominates those that violate more, and two feasible ones compare by Pareto dominance.
     */
    static boolean dominates(Scored a, Scored b) {
        if (a.feasible() != b.feasible()) {
            return a.feasible();
        }
        if (!a.feasible()) {
            return a.violation() < b.violation();
        }
        return Dominance.dominates(a.objectives(), b.objectives());
    }

    /**
     * The rank {@code candidate} would have among {@code ranked}: one more than the highest rank of
     * the members that dominate it, 0 when none does (a front index is the length of the longest
     * chain of dominating trials above it).
     */
    static int rankAmong(Ranked ranked, Scored candidate) {
        int rank = 0;
        for (int i = 0; i < ranked.members().size(); i++) {
            if (ranked.rank()[i] >= rank && dominates(ranked.members().get(i), candidate)) {
                rank = ranked.rank()[i] + 1;
            }
        }
        return rank;
    }

    /** The best {@code size} members: by rank, then crowding (larger first), then age (older first). */
    static List<Scored> best(List<Scored> members, int size) {
        Ranked ranked = rank(members);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.<Integer>comparingInt(i -> ranked.rank()[i])
                .thenComparing(i -> ranked.crowding()[i], Comparator.reverseOrder())
                .thenComparingLong(i -> members.get(i).order()));
        List<Scored> out = new ArrayList<>();
        for (int k = 0; k < Math.min(size, order.size()); k++) {
            out.add(members.get(order.get(k)));
        }
        return out;
    }
}
