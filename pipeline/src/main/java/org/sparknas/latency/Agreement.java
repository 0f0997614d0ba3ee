package org.sparknas.latency;

/**
 * How well predictions agree with measurements: Kendall's tau-b (rank agreement, what a search
 * needs: does the table order architectures as the device does), Pearson's r (linear agreement),
 * and the mean absolute percentage error {@code mean(|predicted - measured| / measured)} (scale).
 */
public record Agreement(int count, double kendallTau, double pearsonR, double mape) {

    public static Agreement of(double[] predicted, double[] measured) {
        if (predicted.length != measured.length || predicted.length < 2) {
            throw new IllegalArgumentException("need two equally long series of at least 2 values, got " + predicted.length
                    + " and " + measured.length);
        }
        return new Agreement(predicted.length, kendallTau(predicted, measured), pearson(predicted, measured),
                mape(predicted, measured));
    }

    /** Tau-b: (concordant - discordant) / sqrt((n0 - ties in x) (n0 - ties in y)), O(n^2), fine for hundreds. */
    static double kendallTau(double[] x, double[] y) {
        long concordant = 0;
        long discordant = 0;
        long tiesX = 0;
        long tiesY = 0;
        for (int i = 0; i < x.length; i++) {
            for (int j = i + 1; j < x.length; j++) {
                int dx = Double.compare(x[i], x[j]);
                int dy = Double.compare(y[i], y[j]);
                if (dx == 0 && dy == 0) {
                    continue;
                }
                if (dx == 0) {
                    tiesX++;
                } else if (dy == 0) {
                    tiesY++;
                } else if (dx == dy) {
                    concordant++;
                } else {
                    discordant++;
                }
            }
        }
        double denominator = Math.sqrt((double) (concordant + discordant + tiesX) * (concordant + discordant + tiesY));
        return denominator == 0 ? 0 : (concordant - discordant) / denominator;
    }

    static double pearson(double[] x, double[] y) {
        double mx = mean(x);
        double my = mean(y);
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxx == 0 || syy == 0 ? 0 : sxy / Math.sqrt(sxx * syy);
    }

    static double mape(double[] predicted, double[] measured) {
        double total = 0;
        for (int i = 0; i < predicted.length; i++) {
            if (!(measured[i] > 0)) {
                throw new IllegalArgumentException("measured values must be positive for a percentage error, got " + measured[i]);
            }
            total += Math.abs(predicted[i] - measured[i]) / measured[i];
        }
        return total / predicted.length;
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double d : v) {
            s += d;
        }
        return s / v.length;
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "n = %d, Kendall tau = %.3f, Pearson r = %.3f, MAPE = %.1f%%", count,
                kendallTau, pearsonR, 100 * mape);
    }
}
