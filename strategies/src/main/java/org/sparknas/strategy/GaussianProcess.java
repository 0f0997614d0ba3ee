package org.sparknas.strategy;

import java.util.Arrays;

/**
 * A Gaussian process regression over categorical points (each point is its choice indices, see
 * {@link OneHot#choiceIndices}) with the kernel {@code exp(-hamming / lengthscale)}, which is the
 * RBF kernel of the one-hot encodings (their squared distance is twice the Hamming distance).
 * Targets are warped by their rank to normal quantiles (so that a few very bad architectures,
 * as tabular benchmarks have, do not flatten the model where it matters) and standardised; the
 * predictions are mapped back through the inverse of that warp. The signal variance is 1 and the noise
 * variance is a hyperparameter; {@link #select} picks lengthscale and noise by the log marginal
 * likelihood over a small grid. The solve is a plain Cholesky factorisation: the training sets of
 * {@link BayesianSearch} are capped at a few hundred points, where this is cheap and exact.
 */
final class GaussianProcess {

    private final int[][] x;
    private final double lengthscale;
    private final double noise;
    private final double mean;
    private final double scale;
    /** Lower Cholesky factor of K + noise I (row-major, n x n). */
    private final double[][] chol;
    /** (K + noise I)^-1 y, of the standardised targets. */
    private final double[] alpha;
    private final double logLikelihood;
    /** The warp as sorted pairs: observed targets and their normal quantiles, both increasing. */
    private final double[] warpedFrom;
    private final double[] warpedTo;

    private GaussianProcess(int[][] x, double[] y, double lengthscale, double noise) {
        int n = x.length;
        if (n == 0 || y.length != n) {
            throw new IllegalArgumentException("a Gaussian process needs as many targets as points, and at least one; got "
                    + n + " points and " + y.length + " targets");
        }
        this.x = x;
        this.lengthscale = lengthscale;
        this.noise = noise;
        double[] w = rankQuantiles(y);
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(y[a], y[b]));
        this.warpedFrom = new double[n];
        this.warpedTo = new double[n];
        for (int i = 0; i < n; i++) {
            warpedFrom[i] = y[order[i]];
            warpedTo[i] = w[order[i]];
        }
        double m = 0;
        for (double v : w) {
            m += v;
        }
        m /= n;
        double var = 0;
        for (double v : w) {
            var += (v - m) * (v - m);
        }
        double sd = Math.sqrt(var / n);
        this.mean = m;
        // Equal targets carry no scale; any positive one then gives the same (constant) model.
        this.scale = sd > 1e-12 ? sd : 1;
        double[] z = new double[n];
        for (int i = 0; i < n; i++) {
            z[i] = (w[i] - mean) / scale;
        }
        double[][] k = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                k[i][j] = kernel(x[i], x[j]);
            }
            k[i][i] = 1 + noise;
        }
        this.chol = cholesky(k);
        this.alpha = solveUpper(chol, solveLower(chol, z, n));
        double quad = 0;
        double logDet = 0;
        for (int i = 0; i < n; i++) {
            quad += z[i] * alpha[i];
            logDet += Math.log(chol[i][i]);
        }
        this.logLikelihood = -0.5 * quad - logDet - 0.5 * n * Math.log(2 * Math.PI);
    }

    /** The process of fixed hyperparameters fitted to {@code y} at the points {@code x}. */
    static GaussianProcess fit(int[][] x, double[] y, double lengthscale, double noise) {
        if (!(lengthscale > 0) || !(noise > 0)) {
            throw new IllegalArgumentException("lengthscale and noise must be positive, got " + lengthscale + " and " + noise);
        }
        return new GaussianProcess(x, y, lengthscale, noise);
    }

    /** Lengthscale and noise variance (of standardised targets). */
    record Hyperparameters(double lengthscale, double noise) {
    }

    /** The grid point of largest log marginal likelihood (the first one on ties, so the choice repeats). */
    static Hyperparameters select(int[][] x, double[] y, double[] lengthscales, double[] noises) {
        Hyperparameters best = null;
        double bestLikelihood = Double.NEGATIVE_INFINITY;
        for (double l : lengthscales) {
            for (double s : noises) {
                double ll = fit(x, y, l, s).logLikelihood;
                if (best == null || ll > bestLikelihood) {
                    best = new Hyperparameters(l, s);
                    bestLikelihood = ll;
                }
            }
        }
        return best;
    }

    double logMarginalLikelihood() {
        return logLikelihood;
    }

    double lengthscale() {
        return lengthscale;
    }

    double noise() {
        return noise;
    }

    double kernel(int[] a, int[] b) {
        int h = 0;
        for (int d = 0; d < a.length; d++) {
            if (a[d] != b[d]) {
                h++;
            }
        }
        return Math.exp(-h / lengthscale);
    }

    /** The posterior at {@code points}, ready to be conditioned on fantasy observations. */
    Posterior posterior(int[][] points) {
        return new Posterior(points);
    }

    /**
     * The posterior mean and standard deviation of the latent function at a fixed set of points.
     * {@link #believe} conditions it on one of them observed at its own mean (the "kriging believer"
     * of batch Bayesian optimisation): means stay as they are, variances near that point shrink, so
     * the next pick of a batch goes elsewhere. That update is one more row of the Cholesky factor,
     * so it costs a pass over the points, not a refit.
     */
    final class Posterior {

        private final int[][] points;
        /** Per point, L^-1 k(training and believed points, point), grown by one per belief. */
        private double[][] v;
        private int length;
        private final double[] latentMean;
        private final double[] latentVariance;

        private Posterior(int[][] points) {
            this.points = points;
            int n = x.length;
            this.length = n;
            this.v = new double[points.length][];
            this.latentMean = new double[points.length];
            this.latentVariance = new double[points.length];
            double[] k = new double[n];
            for (int p = 0; p < points.length; p++) {
                double mu = 0;
                for (int i = 0; i < n; i++) {
                    k[i] = kernel(points[p], x[i]);
                    mu += k[i] * alpha[i];
                }
                double[] vp = Arrays.copyOf(solveLower(chol, k, n), n + 4);
                double sq = 0;
                for (int i = 0; i < n; i++) {
                    sq += vp[i] * vp[i];
                }
                v[p] = vp;
                latentMean[p] = mu;
                latentVariance[p] = Math.max(0, 1 - sq);
            }
        }

        int size() {
            return points.length;
        }

        /**
         * The value at point {@code p}, in the targets' units, that lies {@code z} posterior
         * standard deviations from the mean (on the warped scale, so the median for 0).
         */
        double quantile(int p, double z) {
            return unwarp(mean + scale * (latentMean[p] + Math.sqrt(latentVariance[p]) * z));
        }

        /** Conditions on point {@code j} observed at its posterior mean. */
        void believe(int j) {
            double[] vj = v[j];
            double diagonal = Math.sqrt(Math.max(latentVariance[j] + noise, 1e-12));
            for (int p = 0; p < points.length; p++) {
                double[] vp = v[p];
                double dot = 0;
                for (int i = 0; i < length; i++) {
                    dot += vp[i] * vj[i];
                }
                double e = (kernel(points[p], points[j]) - dot) / diagonal;
                if (vp.length == length) {
                    vp = Arrays.copyOf(vp, length * 2);
                    v[p] = vp;
                }
                vp[length] = e;
                latentVariance[p] = Math.max(0, latentVariance[p] - e * e);
            }
            length++;
        }
    }

    /** Per target, the normal quantile of its mid-rank ((rank + 1/2) / n, ties sharing their mean rank). */
    static double[] rankQuantiles(double[] y) {
        int n = y.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(y[a], y[b]));
        double[] out = new double[n];
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && y[order[j + 1]] == y[order[i]]) {
                j++;
            }
            double q = inverseNormal(((i + j) / 2.0 + 0.5) / n);
            for (int k = i; k <= j; k++) {
                out[order[k]] = q;
            }
            i = j + 1;
        }
        return out;
    }

    /**
     * A warped value back in the targets' units: linear between the observed pairs, and beyond
     * them with the slope of the whole range, so that the model can still promise a value better
     * than any seen.
     */
    double unwarp(double w) {
        int n = warpedTo.length;
        if (n == 1 || warpedTo[n - 1] == warpedTo[0]) {
            return warpedFrom[0];
        }
        double slope = (warpedFrom[n - 1] - warpedFrom[0]) / (warpedTo[n - 1] - warpedTo[0]);
        if (w <= warpedTo[0]) {
            return warpedFrom[0] + (w - warpedTo[0]) * slope;
        }
        if (w >= warpedTo[n - 1]) {
            return warpedFrom[n - 1] + (w - warpedTo[n - 1]) * slope;
        }
        int k = Arrays.binarySearch(warpedTo, w);
        if (k >= 0) {
            return warpedFrom[k];
        }
        int hi = -k - 1;
        int lo = hi - 1;
        double f = (w - warpedTo[lo]) / (warpedTo[hi] - warpedTo[lo]);
        return warpedFrom[lo] + f * (warpedFrom[hi] - warpedFrom[lo]);
    }

    /** The standard normal quantile function (Acklam's rational approximation, within 1e-4 here: ample for a rank warp). */
    static double inverseNormal(double p) {
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("a probability strictly between 0 and 1 is needed, got " + p);
        }
        double[] a = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02,
            -3.066479806614716e+01, 2.506628277459239e+00};
        double[] b = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01,
            -1.328068155288572e+01};
        double[] c = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549671010115819e+00,
            4.374664141464968e+00, 2.938163982698783e+00};
        double[] d = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00};
        double low = 0.02425;
        if (p < low) {
            double q = Math.sqrt(-2 * Math.log(p));
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                    / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        if (p > 1 - low) {
            return -inverseNormal(1 - p);
        }
        double q = p - 0.5;
        double r = q * q;
        return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
                / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    }

    /** The lower Cholesky factor of the symmetric positive definite matrix whose lower triangle is {@code a}. */
    static double[][] cholesky(double[][] a) {
        int n = a.length;
        double[][] l = new double[n][];
        for (int i = 0; i < n; i++) {
            l[i] = new double[i + 1];
            for (int j = 0; j <= i; j++) {
                double s = a[i][j];
                double[] li = l[i];
                double[] lj = l[j];
                for (int k = 0; k < j; k++) {
                    s -= li[k] * lj[k];
                }
                if (i == j) {
                    if (!(s > 0)) {
                        throw new IllegalStateException("matrix is not positive definite at row " + i + " (pivot " + s + ")");
                    }
                    li[i] = Math.sqrt(s);
                } else {
                    li[j] = s / lj[j];
                }
            }
        }
        return l;
    }

    /** Solves L z = b for the first {@code n} entries. */
    static double[] solveLower(double[][] l, double[] b, int n) {
        double[] z = new double[n];
        for (int i = 0; i < n; i++) {
            double s = b[i];
            double[] li = l[i];
            for (int k = 0; k < i; k++) {
                s -= li[k] * z[k];
            }
            z[i] = s / li[i];
        }
        return z;
    }

    /** Solves L^T z = b. */
    static double[] solveUpper(double[][] l, double[] b) {
        int n = b.length;
        double[] z = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double s = b[i];
            for (int k = i + 1; k < n; k++) {
                s -= l[k][i] * z[k];
            }
            z[i] = s / l[i][i];
        }
        return z;
    }
}
