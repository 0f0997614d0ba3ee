package org.sparknas.supernet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Once-for-All's BatchNorm re-calibration for the active sub-network: its running statistics are
 * thrown away and recomputed from a fixed set of images. The images go through the network in the
 * given batches with every BatchNorm normalising by its batch's statistics (as in training); each
 * BatchNorm's per-batch means and variances are merged exactly (Chan et al.'s pairwise formula, in
 * double) into the mean and the variance over all values it saw, over every image, row and column:
 * not a momentum average. The variance is the population variance (divided by the count, not the
 * count minus one); with thousands of values per channel the difference is below 1e-4 relative.
 * Only the active channels of the active layers change.
 */
public final class BatchNormCalibrator {

    private BatchNormCalibrator() {
    }

    /**
     * @param batches input batches at the active resolution; their order and sizes are part of the
     *                result (batch statistics normalise the layers before each BatchNorm)
     */
    public static void recalibrate(ElasticSupernet supernet, List<NDArray> batches) {
        try (WeightCache cache = new WeightCache()) {
            recalibrate(supernet, batches, cache);
        }
    }

    /** The same, taking the active weights from {@code cache} (e.g. the one the evaluation then measures with). */
    @SuppressWarnings("try") // resources held open for their scope (grad mode, NDScope)
    public static void recalibrate(ElasticSupernet supernet, List<NDArray> batches, WeightCache cache) {
        if (batches.isEmpty()) {
            throw new IllegalArgumentException("BatchNorm re-calibration needs at least one batch of images");
        }
        Accumulator accumulator = new Accumulator();
        try (NoGrad ignored = NoGrad.enter()) {
            ForwardPass pass = supernet.pass(NormMode.CALIBRATION, accumulator, cache);
            for (NDArray batch : batches) {
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    supernet.forward(batch, pass);
                }
            }
        }
        List<String> expected = supernet.activeBatchNorms();
        if (!accumulator.layers.keySet().equals(new java.util.LinkedHashSet<>(expected))) {
            throw new IllegalStateException("re-calibration saw BatchNorm layers " + accumulator.layers.keySet()
                    + ", the active sub-network has " + expected);
        }
        accumulator.layers.forEach((layer, stats) -> supernet.setBatchNormStatistics(layer, stats.mean(), stats.variance()));
    }

    /** Merges per-batch statistics per layer. */
    private static final class Accumulator implements LayerObserver {

        private final Map<String, Running> layers = new LinkedHashMap<>();

        @Override
        public void batchStatistics(String layer, NDArray input, NDArray mean, NDArray unbiasedVariance) {
            long count = input.getShape().size() / input.getShape().get(1);
            layers.computeIfAbsent(layer, k -> new Running((int) mean.size()))
                    .add(count, mean.toFloatArray(), unbiasedVariance.toFloatArray());
        }
    }

    /** Count, mean and sum of squared deviations per channel, merged batch by batch. */
    static final class Running {

        private long count;
        private final double[] mean;
        private final double[] squares;

        Running(int channels) {
            mean = new double[channels];
            squares = new double[channels];
        }

        void add(long batchCount, float[] batchMean, float[] batchUnbiasedVariance) {
            long total = count + batchCount;
            for (int c = 0; c < mean.length; c++) {
                double delta = batchMean[c] - mean[c];
                double batchSquares = (double) batchUnbiasedVariance[c] * (batchCount - 1);
                mean[c] += delta * batchCount / total;
                squares[c] += batchSquares + delta * delta * ((double) count * batchCount / total);
            }
            count = total;
        }

        float[] mean() {
            float[] out = new float[mean.length];
            for (int c = 0; c < out.length; c++) {
                out[c] = (float) mean[c];
            }
            return out;
        }

        float[] variance() {
            float[] out = new float[squares.length];
            for (int c = 0; c < out.length; c++) {
                out[c] = (float) (squares[c] / count);
            }
            return out;
        }
    }
}
