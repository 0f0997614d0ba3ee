package org.sparknas.strategy;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A bound on one metric: {@code latency_cpu_b1 <= 20}, {@code accuracy >= 0.85}. The violation of
 * a trial is how far it is outside the bound, relative to the bound, and 0 when it is inside;
 * constrained domination (NSGA-II) and penalties compare these.
 */
public record Constraint(String metric, boolean upperBound, double bound) {

    private static final Pattern FORM = Pattern.compile("\\s*([A-Za-z_][A-Za-z0-9_.]*)\\s*(<=|>=)\\s*([-+0-9.eE]+)\\s*([a-zA-Z]*)\\s*");

    public Constraint {
        if (metric == null || metric.isBlank()) {
            throw new IllegalArgumentException("a constraint needs a metric name");
        }
        if (!Double.isFinite(bound)) {
            throw new IllegalArgumentException("constraint on '" + metric + "' needs a finite bound, got " + bound);
        }
    }

    public static Constraint atMost(String metric, double bound) {
        return new Constraint(metric, true, bound);
    }

    /**
     * Parses {@code "metric <= bound"} or {@code "metric >= bound"}; a trailing {@code ms} unit is
     * accepted (latencies are in milliseconds), as are {@code 3e6} and {@code 3000000}.
     */
    public static Constraint parse(String text) {
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("constraint '" + text + "' must look like 'latency_cpu_b1 <= 20' or 'macs <= 3e6'");
        }
        String unit = m.group(4);
        if (!unit.isEmpty() && !unit.equals("ms")) {
            throw new IllegalArgumentException("constraint '" + text + "': unknown unit '" + unit
                    + "' (latencies are in ms; other metrics take no unit)");
        }
        double bound;
        try {
            bound = Double.parseDouble(m.group(3));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("constraint '" + text + "': '" + m.group(3) + "' is not a number");
        }
        return new Constraint(m.group(1), m.group(2).equals("<="), bound);
    }

    public boolean isSatisfied(Map<String, Double> metrics) {
        return violation(metrics) == 0;
    }

    /** 0 inside the bound, else the distance outside it divided by |bound| (or 1 for a bound of 0). */
    public double violation(Map<String, Double> metrics) {
        Double v = metrics.get(metric);
        if (v == null) {
            throw new IllegalStateException("constraint '" + this + "' needs metric '" + metric + "', which is not among "
                    + metrics.keySet());
        }
        double excess = upperBound ? v - bound : bound - v;
        if (excess <= 0) {
            return 0;
        }
        return excess / (bound == 0 ? 1 : Math.abs(bound));
    }

    @Override
    public String toString() {
        return metric + (upperBound ? " <= " : " >= ") + bound;
    }
}
