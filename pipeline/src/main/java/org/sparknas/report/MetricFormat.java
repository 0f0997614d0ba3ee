package org.sparknas.report;

import java.util.Locale;
import org.sparknas.strategy.Metrics;

/**
 * How a metric reads on an axis and in a table: MACs and parameters in millions (raw counts are
 * too long to read at a glance), latencies in milliseconds, everything else as stored.
 */
final class MetricFormat {

    private MetricFormat() {
    }

    static boolean isCount(String metric) {
        return Metrics.isCount(metric);
    }

    static boolean isLatency(String metric) {
        return metric.startsWith("latency_") || metric.startsWith("measured_latency_");
    }

    /** The factor from the stored value to the plotted one. */
    static double scale(String metric) {
        return isCount(metric) ? 1e-6 : 1.0;
    }

    static String axisLabel(String metric) {
        if (metric.equals(Metrics.MACS)) {
            return "MACs (millions)";
        }
        if (metric.equals(Metrics.PARAMS)) {
            return "parameters (millions)";
        }
        if (metric.equals(Metrics.MODEL_BYTES)) {
            return "model size (MB)";
        }
        if (isLatency(metric)) {
            return metric + " (ms)";
        }
        return metric;
    }

    /** A stored value as a table shows it; null or NaN (a failed trial) as a dash. */
    static String value(String metric, Double v) {
        if (v == null || v.isNaN()) {
            return "-";
        }
        if (isCount(metric)) {
            return String.format(Locale.ROOT, "%,d", Math.round(v));
        }
        if (isLatency(metric)) {
            return String.format(Locale.ROOT, "%.3f", v);
        }
        if (metric.equals(Metrics.ACCURACY) || metric.equals(Metrics.LOSS) || metric.contains("hypervolume")) {
            return String.format(Locale.ROOT, "%.4f", v);
        }
        return String.format(Locale.ROOT, "%.5g", v);
    }

    /** A constraint bound as its line's legend shows it, in the axis' unit: {@code 3 M}, {@code 2.5 ms}. */
    static String bound(String metric, double bound) {
        String number = new java.math.BigDecimal(bound * scale(metric), new java.math.MathContext(6))
                .stripTrailingZeros().toPlainString();
        return number + (isCount(metric) ? " M" : isLatency(metric) ? " ms" : "");
    }

    /** A file-name-safe form of a metric name. */
    static String slug(String text) {
        return text.replaceAll("[^A-Za-z0-9_.-]+", "-");
    }
}
