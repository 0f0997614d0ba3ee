package org.sparknas.strategy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.sparknas.config.ConfigException;
import org.sparknas.space.Architecture;
import org.sparknas.space.SearchSpace;

/**
 * The constraints that can be checked before evaluation, because the {@link CostEstimator} knows
 * their metric (MACs, parameters, a lookup-table latency). Strategies reject candidates that break
 * them instead of spending evaluations on them; the rest are checked after evaluation through
 * {@link Goal#violation}. Keeps, per constraint, how often it rejected and the closest value seen,
 * so that an unsatisfiable bound is reported with numbers instead of a silent endless loop.
 */
final class Feasibility {

    private final CostEstimator estimator;
    private final List<Constraint> checkable;
    private final long[] rejected;
    private final double[] closest;
    private long accepted;

    Feasibility(Goal goal, CostEstimator estimator) {
        this.estimator = estimator;
        List<Constraint> known = new ArrayList<>();
        for (Constraint c : goal.constraints()) {
            if (estimator.metrics().contains(c.metric())) {
                known.add(c);
            }
        }
        this.checkable = List.copyOf(known);
        this.rejected = new long[checkable.size()];
        this.closest = new double[checkable.size()];
        for (int i = 0; i < closest.length; i++) {
            closest[i] = checkable.get(i).upperBound() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        }
    }

    /** Whether any constraint is checked before evaluation. */
    boolean checksAnything() {
        return !checkable.isEmpty();
    }

    /** Whether {@code arch} meets every constraint the estimator can check (always true when there are none). */
    boolean test(Architecture arch) {
        if (checkable.isEmpty()) {
            accepted++;
            return true;
        }
        Map<String, Double> estimate = estimator.estimate(arch);
        boolean ok = true;
        for (int i = 0; i < checkable.size(); i++) {
            Constraint c = checkable.get(i);
            double value = estimate.get(c.metric());
            closest[i] = c.upperBound() ? Math.min(closest[i], value) : Math.max(closest[i], value);
            if (!c.isSatisfied(estimate)) {
                rejected[i]++;
                ok = false;
            }
        }
        if (ok) {
            accepted++;
        }
        return ok;
    }

    /** How many tested architectures met every constraint. */
    long accepted() {
        return accepted;
    }

    /** The error for a constraint set no architecture has met in {@code tried} tests. */
    ConfigException unsatisfiable(SearchSpace space, String how) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < checkable.size(); i++) {
            Constraint c = checkable.get(i);
            if (rejected[i] > 0) {
                parts.add("'" + c + "' rejected " + rejected[i] + " (the " + (c.upperBound() ? "smallest" : "largest")
                        + " " + c.metric() + " seen was " + closest[i] + ")");
            }
        }
        return new ConfigException("no architecture of space '" + space.name() + "' met the constraints in " + how + ": "
                + String.join("; ", parts) + ". The constraint looks unsatisfiable: relax the bound or widen the space");
    }
}
