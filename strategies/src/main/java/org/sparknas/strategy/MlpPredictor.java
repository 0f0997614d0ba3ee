package org.sparknas.strategy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.sparknas.space.Architecture;
import org.sparknas.space.SearchSpace;

/**
 * Once-for-All's accuracy predictor in pure Java: a multi-layer perceptron with ReLU hidden layers
 * on the {@link OneHot} encoding, trained by Adam on mean squared error plus an L2 penalty on the
 * weights, over a fixed number of mini-batch epochs. Targets are standardised (so one learning rate
 * suits accuracies in [0, 1] and latencies in milliseconds alike) and the prediction scaled back.
 * Once-for-All uses three hidden layers of 400; the default here (two of 32, 60 epochs, learning
 * rate 0.01, L2 0.01) is smaller because a search refits it many times on tens to hundreds of
 * trials: on an additive function of 8 four-way choices it ranked held-out architectures as well
 * as two layers of 64 or one of 128 (Kendall tau 0.96 to 0.98 from 300 trials), and the strong L2
 * penalty is what keeps it useful from 50 (tau 0.84 to 0.87, against 0.67 to 0.78 with 0.001).
 *
 * <p>The encoding has one 1 per dimension, so the first layer is computed from the rows of the
 * active positions only (forward and backward): its cost grows with the number of dimensions, not
 * the number of choices. With {@code ensemble} above 1, that many networks of different seeds are
 * trained on the same pairs and their predictions averaged, which smooths the noise of one
 * initialisation. Deterministic for a seed and the pairs in their order: the initialisation and the
 * shuffling draw from seeded generators, and every sum runs in a fixed order.
 */
public final class MlpPredictor implements AccuracyPredictor {

    /**
     * @param hidden        units of each hidden layer, input side first
     * @param epochs        passes over the training pairs per fit
     * @param batchSize     pairs per Adam step (the whole set when it is smaller)
     * @param learningRate  Adam's step size
     * @param l2            weight of the L2 penalty on the weights (not the biases)
     * @param ensemble      networks trained and averaged
     * @param minimumTrials fewest pairs a fit accepts
     */
    public record Settings(List<Integer> hidden, int epochs, int batchSize, double learningRate, double l2, int ensemble,
                           int minimumTrials) {

        public static final Settings DEFAULTS = new Settings(List.of(32, 32), 60, 32, 1e-2, 1e-2, 1, 8);

        public Settings {
            hidden = List.copyOf(hidden);
            if (hidden.isEmpty() || hidden.stream().anyMatch(h -> h <= 0)) {
                throw new IllegalArgumentException("hidden layers must be one or more positive sizes, got " + hidden);
            }
            if (epochs <= 0 || batchSize <= 0 || ensemble <= 0 || minimumTrials < 2) {
                throw new IllegalArgumentException("epochs, batch size and ensemble must be positive and minimum trials at"
                        + " least 2, got " + epochs + ", " + batchSize + ", " + ensemble + ", " + minimumTrials);
            }
            if (!(learningRate > 0) || !(l2 >= 0)) {
                throw new IllegalArgumentException("learning rate must be positive and l2 non-negative, got " + learningRate
                        + ", " + l2);
            }
        }

        public Settings withEnsemble(int members) {
            return new Settings(hidden, epochs, batchSize, learningRate, l2, members, minimumTrials);
        }
    }

    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPSILON = 1e-8;

    private final OneHot encoding;
    private final Settings settings;
    private final long seed;
    private List<Network> networks = List.of();
    private double mean;
    private double scale = 1;

    public MlpPredictor(SearchSpace space, Settings settings, long seed) {
        this.encoding = new OneHot(space);
        this.settings = settings;
        this.seed = seed;
    }

    @Override
    public int minimumTrials() {
        return settings.minimumTrials();
    }

    @Override
    public boolean fitted() {
        return !networks.isEmpty();
    }

    @Override
    public void fit(List<Architecture> architectures, double[] values) {
        if (architectures.size() != values.length) {
            throw new IllegalArgumentException(architectures.size() + " architectures but " + values.length + " values");
        }
        if (values.length < settings.minimumTrials()) {
            throw new IllegalStateException("the predictor needs at least " + settings.minimumTrials()
                    + " successful trials to fit (minimum-trials), got " + values.length);
        }
        int[][] inputs = new int[values.length][];
        double sum = 0;
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException("value " + values[i] + " of " + architectures.get(i).key() + " is not finite");
            }
            inputs[i] = active(architectures.get(i));
            sum += values[i];
        }
        double m = sum / values.length;
        double squares = 0;
        for (double v : values) {
            squares += (v - m) * (v - m);
        }
        double sd = Math.sqrt(squares / values.length);
        double s = sd > 0 ? sd : 1;
        double[] targets = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            targets[i] = (values[i] - m) / s;
        }
        List<Network> trained = new ArrayList<>();
        SplittableRandom seeds = new SplittableRandom(seed);
        for (int k = 0; k < settings.ensemble(); k++) {
            Network net = new Network(encoding.width(), encoding.dimensions(), settings.hidden(), seeds.split());
            net.train(inputs, targets, settings, seeds.split());
            trained.add(net);
        }
        networks = List.copyOf(trained);
        mean = m;
        scale = s;
    }

    @Override
    public double predict(Architecture architecture) {
        if (networks.isEmpty()) {
            throw new IllegalStateException("the predictor was asked to predict before it was fitted; it needs at least "
                    + settings.minimumTrials() + " successful trials (minimum-trials)");
        }
        int[] x = active(architecture);
        double total = 0;
        for (Network net : networks) {
            total += net.forward(x, null);
        }
        return mean + scale * total / networks.size();
    }

    /** The positions of the 1s of the architecture's encoding, one per dimension. */
    private int[] active(Architecture architecture) {
        double[] x = encoding.encode(architecture);
        int[] out = new int[encoding.dimensions()];
        int k = 0;
        for (int i = 0; i < x.length; i++) {
            if (x[i] != 0) {
                out[k++] = i;
            }
        }
        return out;
    }

    /**
     * One perceptron, its parameters in one flat array (so that Adam is one loop): the first layer's
     * weights as one row of {@code h1} per input position, its biases, then per further layer its
     * weights ({@code in x out}, row-major) and biases, then the output weights and bias.
     */
    private static final class Network {

        private final int[] sizes;
        private final int[] weightAt;
        private final int[] biasAt;
        private final double[] p;

        Network(int width, int active, List<Integer> hidden, SplittableRandom rng) {
            int layers = hidden.size();
            sizes = new int[layers + 2];
            sizes[0] = width;
            for (int l = 0; l < layers; l++) {
                sizes[l + 1] = hidden.get(l);
            }
            sizes[layers + 1] = 1;
            weightAt = new int[layers + 1];
            biasAt = new int[layers + 1];
            int at = 0;
            for (int l = 0; l <= layers; l++) {
                weightAt[l] = at;
                at += sizes[l] * sizes[l + 1];
                biasAt[l] = at;
                at += sizes[l + 1];
            }
            p = new double[at];
            for (int l = 0; l <= layers; l++) {
                // He initialisation for ReLU layers; the first layer's fan-in is the number of 1s.
                int fanIn = l == 0 ? active : sizes[l];
                double sd = Math.sqrt((l == layers ? 1.0 : 2.0) / fanIn);
                for (int i = 0; i < sizes[l] * sizes[l + 1]; i++) {
                    p[weightAt[l] + i] = sd * gaussian(rng);
                }
            }
        }

        private static double gaussian(SplittableRandom rng) {
            // Box-Muller, so that the draws depend only on the seed, not on a JDK's nextGaussian.
            double u = 1 - rng.nextDouble();
            double v = rng.nextDouble();
            return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
        }

        /**
         * The output for the active positions {@code x}; with {@code acts} non-null, the
         * pre-activations of every layer are kept there for the backward pass.
         */
        double forward(int[] x, double[][] acts) {
            int layers = sizes.length - 2;
            double[] z = new double[sizes[1]];
            System.arraycopy(p, biasAt[0], z, 0, sizes[1]);
            for (int pos : x) {
                int row = weightAt[0] + pos * sizes[1];
                for (int j = 0; j < sizes[1]; j++) {
                    z[j] += p[row + j];
                }
            }
            for (int l = 1; l <= layers; l++) {
                if (acts != null) {
                    acts[l] = z;
                }
                int in = sizes[l];
                int out = sizes[l + 1];
                double[] next = new double[out];
                System.arraycopy(p, biasAt[l], next, 0, out);
                for (int i = 0; i < in; i++) {
                    double a = z[i] > 0 ? z[i] : 0;
                    if (a != 0) {
                        int row = weightAt[l] + i * out;
                        for (int j = 0; j < out; j++) {
                            next[j] += a * p[row + j];
                        }
                    }
                }
                z = next;
            }
            return z[0];
        }

        /** Adds the gradient of {@code 0.5 * weight * (output - target)^2} to {@code g}. */
        void backward(int[] x, double[][] acts, double error, double[] g) {
            int layers = sizes.length - 2;
            double[] delta = {error};
            for (int l = layers; l >= 1; l--) {
                int in = sizes[l];
                int out = sizes[l + 1];
                double[] z = acts[l];
                double[] below = new double[in];
                for (int i = 0; i < in; i++) {
                    if (z[i] > 0) {
                        int row = weightAt[l] + i * out;
                        double back = 0;
                        for (int j = 0; j < out; j++) {
                            g[row + j] += z[i] * delta[j];
                            back += p[row + j] * delta[j];
                        }
                        below[i] = back;
                    }
                }
                for (int j = 0; j < out; j++) {
                    g[biasAt[l] + j] += delta[j];
                }
                delta = below;
            }
            for (int pos : x) {
                int row = weightAt[0] + pos * sizes[1];
                for (int j = 0; j < sizes[1]; j++) {
                    g[row + j] += delta[j];
                }
            }
            for (int j = 0; j < sizes[1]; j++) {
                g[biasAt[0] + j] += delta[j];
            }
        }

        void train(int[][] inputs, double[] targets, Settings s, SplittableRandom rng) {
            int n = targets.length;
            int batch = Math.min(s.batchSize(), n);
            double[] g = new double[p.length];
            double[] m = new double[p.length];
            double[] v = new double[p.length];
            boolean[] isWeight = new boolean[p.length];
            for (int l = 0; l < weightAt.length; l++) {
                java.util.Arrays.fill(isWeight, weightAt[l], biasAt[l], true);
            }
            int[] order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            double[][] acts = new double[sizes.length - 1][];
            long step = 0;
            for (int epoch = 0; epoch < s.epochs(); epoch++) {
                for (int i = n - 1; i > 0; i--) {
                    int j = rng.nextInt(i + 1);
                    int t = order[i];
                    order[i] = order[j];
                    order[j] = t;
                }
                for (int start = 0; start < n; start += batch) {
                    int end = Math.min(n, start + batch);
                    java.util.Arrays.fill(g, 0);
                    double weight = 1.0 / (end - start);
                    for (int k = start; k < end; k++) {
                        int i = order[k];
                        double out = forward(inputs[i], acts);
                        backward(inputs[i], acts, weight * (out - targets[i]), g);
                    }
                    step++;
                    double c1 = 1 - Math.pow(BETA1, step);
                    double c2 = 1 - Math.pow(BETA2, step);
                    for (int q = 0; q < p.length; q++) {
                        double grad = isWeight[q] ? g[q] + s.l2() * p[q] : g[q];
                        // Rows of choices absent from the batch have no data gradient: only their
                        // decay moves them, as in any dense implementation of the same network.
                        m[q] = BETA1 * m[q] + (1 - BETA1) * grad;
                        v[q] = BETA2 * v[q] + (1 - BETA2) * grad * grad;
                        p[q] -= s.learningRate() * (m[q] / c1) / (Math.sqrt(v[q] / c2) + EPSILON);
                    }
                }
            }
        }
    }
}
