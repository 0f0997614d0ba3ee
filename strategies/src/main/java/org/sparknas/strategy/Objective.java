package org.sparknas.strategy;

import java.util.Locale;

/** A metric and a direction: {@code max accuracy}, {@code min latency_cpu_b1}. */
public record Objective(String metric, Direction direction) {

    public Objective {
        if (metric == null || metric.isBlank()) {
            throw new IllegalArgumentException("an objective needs a metric name");
        }
    }

    public static Objective maximize(String metric) {
        return new Objective(metric, Direction.MAXIMIZE);
    }

    public static Objective minimize(String metric) {
        return new Objective(metric, Direction.MINIMIZE);
    }

    /** Parses {@code "max accuracy"}, {@code "min macs"} (also {@code maximize}/{@code minimize}, or {@code accuracy:max}). */
    public static Objective parse(String text) {
        String t = text.trim();
        String[] parts = t.contains(":") ? swap(t.split("\\s*:\\s*")) : t.split("\\s+");
        if (parts.length != 2) {
            throw new IllegalArgumentException("objective '" + text + "' must look like 'max accuracy' or 'min latency_cpu_b1'");
        }
        String direction = parts[0].toLowerCase(Locale.ROOT);
        return switch (direction) {
            case "max", "maximize", "maximise" -> maximize(parts[1]);
            case "min", "minimize", "minimise" -> minimize(parts[1]);
            default -> throw new IllegalArgumentException("objective '" + text + "' must start with max or min, not '"
                    + parts[0] + "'");
        };
    }

    private static String[] swap(String[] p) {
        return p.length == 2 ? new String[] {p[1], p[0]} : p;
    }

    public double toMinimized(Trial trial) {
        return direction.toMinimized(trial.metric(metric));
    }

    @Override
    public String toString() {
        return (direction == Direction.MAXIMIZE ? "max " : "min ") + metric;
    }
}
