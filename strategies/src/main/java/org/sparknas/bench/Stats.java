package org.sparknas.bench;

/** Mean and sample standard deviation (n - 1, as Python's statistics.stdev), as the protocol reports. */
public record Stats(double mean, double std) {

    public static Stats of(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        double mean = sum / values.length;
        if (values.length == 1) {
            return new Stats(mean, 0);
        }
        double squares = 0;
        for (double v : values) {
            squares += (v - mean) * (v - mean);
        }
        return new Stats(mean, Math.sqrt(squares / (values.length - 1)));
    }
}
