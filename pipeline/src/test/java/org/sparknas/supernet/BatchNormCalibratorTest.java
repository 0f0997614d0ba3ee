package org.sparknas.supernet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.util.Pair;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sparknas.space.Architecture;
import org.sparknas.space.OfaSpace;

/** BatchNorm re-calibration computes the exact statistics over the whole calibration set, for the active slice only. */
class BatchNormCalibratorTest {

    private static NDManager manager;
    private static OfaSpace space;
    private static ElasticSupernet supernet;
    /** Narrower than the largest everywhere, smaller kernels, not the full depth. */
    private static Architecture arch;

    @BeforeAll
    static void setUp() {
        manager = NDManager.newBaseManager();
        space = TestSupernets.defaultSpace();
        supernet = TestSupernets.randomized(space, manager, 21);
        arch = space.parse("r24:d2,3,3:k3,5,3,3,7,3,5,3,5,3,7,3:e3,4,3,3,4,6,3,3,6,3,4,3");
    }

    @AfterAll
    static void tearDown() {
        manager.close();
    }

    @Test
    @SuppressWarnings("try") // resources held open for their scope (grad mode, NDScope)
    void oneFullBatchMakesInferenceEqualBatchStatisticNormalisation() {
        // with the whole set in one batch, the recomputed statistics are that batch's statistics, so the
        // network in inference mode must compute what it computes when every BN uses batch statistics
        try (NDManager scope = manager.newSubManager(); NoGrad ignored = NoGrad.enter()) {
            supernet.setActive(arch);
            NDArray all = TestSupernets.calibrationBatches(scope, 96, 96, 24, 8).get(0);
            BatchNormCalibrator.recalibrate(supernet, List.of(all));
            NDArray batchStatistics = supernet.forward(all, supernet.pass(NormMode.CALIBRATION, LayerObserver.NONE));
            NDArray running = supernet.forward(all, supernet.pass(NormMode.INFERENCE, LayerObserver.NONE));
            float scale = batchStatistics.abs().max().getFloat();
            float diff = TestSupernets.maxAbsDiff(batchStatistics, running);
            assertTrue(scale > 0.1f, "degenerate logits");
            assertTrue(diff < 1e-4f * Math.max(1f, scale), "max diff " + diff + " at logit scale " + scale);
        }
    }

    @Test
    @SuppressWarnings("try") // resources held open for their scope (grad mode, NDScope)
    void statisticsEqualADirectComputationOverAllImages() {
        try (NDManager scope = manager.newSubManager(); NoGrad ignored = NoGrad.enter()) {
            supernet.setActive(arch);
            List<NDArray> batches = TestSupernets.calibrationBatches(scope, 70, 25, 24, 9); // 25 + 25 + 20
            // direct: every BN input of every batch, kept whole, reduced in double
            Direct direct = new Direct();
            for (NDArray batch : batches) {
                supernet.forward(batch, supernet.pass(NormMode.CALIBRATION, direct));
            }
            BatchNormCalibrator.recalibrate(supernet, batches);
            assertEquals(supernet.activeBatchNorms(), List.copyOf(direct.sums.keySet()));
            for (String layer : direct.sums.keySet()) {
                double[] mean = direct.mean(layer);
                double[] variance = direct.variance(layer);
                float[] runningMean = prefix(layer + ".running_mean", mean.length);
                float[] runningVar = prefix(layer + ".running_var", mean.length);
                for (int c = 0; c < mean.length; c++) {
                    assertEquals(mean[c], runningMean[c], 1e-5 + 1e-4 * Math.abs(mean[c]), layer + " mean[" + c + "]");
                    assertEquals(variance[c], runningVar[c], 1e-5 + 1e-4 * variance[c], layer + " var[" + c + "]");
                }
            }
        }
    }

    @Test
    @SuppressWarnings("try") // resources held open for their scope (grad mode, NDScope)
    void stemStatisticsEqualTheStemConvolutionOfTheImages() {
        // independent of the forward code: the stem BN sees exactly conv(images, stem weight)
        try (NDManager scope = manager.newSubManager(); NoGrad ignored = NoGrad.enter()) {
            supernet.setActive(space.largest());
            List<NDArray> batches = TestSupernets.calibrationBatches(scope, 60, 20, 28, 10);
            BatchNormCalibrator.recalibrate(supernet, batches);
            NDArray all = ai.djl.ndarray.NDArrays.concat(new ai.djl.ndarray.NDList(batches.toArray(new NDArray[0])));
            NDArray w = supernet.getDirectParameters().get("stem.conv.weight").getArray();
            int pad = space.stem().kernel() / 2;
            NDArray conv = Conv2d.conv2d(all, w, null, new Shape(2, 2), new Shape(pad, pad), new Shape(1, 1), 1)
                    .singletonOrThrow();
            Direct direct = new Direct();
            direct.batchStatistics("stem.bn", conv, null, null);
            double[] mean = direct.mean("stem.bn");
            double[] variance = direct.variance("stem.bn");
            float[] runningMean = prefix("stem.bn.running_mean", mean.length);
            float[] runningVar = prefix("stem.bn.running_var", mean.length);
            for (int c = 0; c < mean.length; c++) {
                assertEquals(mean[c], runningMean[c], 1e-5 + 1e-4 * Math.abs(mean[c]));
                assertEquals(variance[c], runningVar[c], 1e-5 + 1e-4 * variance[c]);
            }
        }
    }

    @Test
    @SuppressWarnings("try") // resources held open for their scope (grad mode, NDScope)
    void onlyTheActiveChannelsOfActiveLayersChange() {
        try (NDManager scope = manager.newSubManager(); NoGrad ignored = NoGrad.enter()) {
            supernet.setActive(arch);
            // a sentinel everywhere: statistics after a BN are partly image-independent (a 1x1 conv of a
            // batch-normalised input has mean W * beta), so "changed" must not be judged by value
            float sentinel = 12345f;
            for (String name : statistics().keySet()) {
                if (name.endsWith(".running_mean")) {
                    String layer = name.substring(0, name.length() - ".running_mean".length());
                    float[] fill = new float[supernet.getDirectParameters().get(name).getArray().toFloatArray().length];
                    java.util.Arrays.fill(fill, sentinel);
                    supernet.setBatchNormStatistics(layer, fill, fill);
                }
            }
            BatchNormCalibrator.recalibrate(supernet, TestSupernets.calibrationBatches(scope, 40, 20, 24, 12));
            Map<String, float[]> after = statistics();
            List<String> active = supernet.activeBatchNorms();
            Map<String, Integer> widths = activeWidths();
            for (Map.Entry<String, float[]> e : after.entrySet()) {
                String name = e.getKey();
                String layer = name.substring(0, name.lastIndexOf(".running_"));
                int width = active.contains(layer) ? widths.get(layer) : 0;
                float[] a = e.getValue();
                for (int c = 0; c < a.length; c++) {
                    if (c < width) {
                        assertTrue(a[c] != sentinel && Float.isFinite(a[c]), name + "[" + c + "] should have been recomputed");
                    } else {
                        assertEquals(sentinel, a[c], name + "[" + c + "] is outside the active sub-network");
                    }
                }
            }
            assertTrue(widths.get("s1.b2.expand.bn") < 96 && !active.contains("s3.b4.expand.bn"), "test covers narrow and inactive");
        }
    }

    @Test
    @SuppressWarnings("try") // resources held open for their scope (grad mode, NDScope)
    void recalibrationDependsOnlyOnTheImagesNotOnHistory() {
        try (NDManager scope = manager.newSubManager(); NoGrad ignored = NoGrad.enter()) {
            List<NDArray> batches = TestSupernets.calibrationBatches(scope, 40, 20, 24, 13);
            supernet.setActive(arch);
            BatchNormCalibrator.recalibrate(supernet, batches);
            Map<String, float[]> first = statistics();
            supernet.setActive(space.largest());
            BatchNormCalibrator.recalibrate(supernet, TestSupernets.calibrationBatches(scope, 40, 20, 28, 14));
            supernet.setActive(arch);
            BatchNormCalibrator.recalibrate(supernet, batches);
            Map<String, float[]> second = statistics();
            for (String layer : supernet.activeBatchNorms()) {
                int width = activeWidths().get(layer);
                assertArrayEquals(java.util.Arrays.copyOf(first.get(layer + ".running_mean"), width),
                        java.util.Arrays.copyOf(second.get(layer + ".running_mean"), width), layer);
                assertArrayEquals(java.util.Arrays.copyOf(first.get(layer + ".running_var"), width),
                        java.util.Arrays.copyOf(second.get(layer + ".running_var"), width), layer);
            }
        }
    }

    private static Map<String, Integer> activeWidths() {
        Map<String, Integer> widths = new HashMap<>();
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            supernet.activeWeights().forEach((name, array) -> {
                if (name.endsWith(".running_mean")) {
                    widths.put(name.substring(0, name.length() - ".running_mean".length()), (int) array.getShape().get(0));
                }
            });
        }
        return widths;
    }

    private static Map<String, float[]> statistics() {
        Map<String, float[]> stats = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : supernet.getDirectParameters()) {
            if (p.getKey().contains(".running_")) {
                stats.put(p.getKey(), p.getValue().getArray().toFloatArray());
            }
        }
        return stats;
    }

    private static float[] prefix(String parameter, int n) {
        return java.util.Arrays.copyOf(supernet.getDirectParameters().get(parameter).getArray().toFloatArray(), n);
    }

    /** Keeps running sums of every BN input value, per channel, in double. */
    private static final class Direct implements LayerObserver {

        private final Map<String, double[]> sums = new LinkedHashMap<>();
        private final Map<String, double[]> squares = new HashMap<>();
        private final Map<String, Long> counts = new HashMap<>();
        private final Map<String, double[]> shift = new HashMap<>();

        @Override
        public void batchStatistics(String layer, NDArray input, NDArray mean, NDArray unbiasedVariance) {
            Shape s = input.getShape();
            int channels = (int) s.get(1);
            int spatial = (int) (s.get(2) * s.get(3));
            float[] values = input.toFloatArray();
            double[] sum = sums.computeIfAbsent(layer, k -> new double[channels]);
            double[] square = squares.computeIfAbsent(layer, k -> new double[channels]);
            // shifted by the first value seen per channel, so that sum of squares does not cancel
            double[] k = shift.computeIfAbsent(layer, x -> {
                double[] first = new double[channels];
                for (int c = 0; c < channels; c++) {
                    first[c] = values[c * spatial];
                }
                return first;
            });
            for (int i = 0; i < values.length; i++) {
                int c = (i / spatial) % channels;
                double v = values[i] - k[c];
                sum[c] += v;
                square[c] += v * v;
            }
            counts.merge(layer, (long) values.length / channels, Long::sum);
        }

        double[] mean(String layer) {
            double[] sum = sums.get(layer);
            double[] mean = new double[sum.length];
            for (int c = 0; c < sum.length; c++) {
                mean[c] = shift.get(layer)[c] + sum[c] / counts.get(layer);
            }
            return mean;
        }

        double[] variance(String layer) {
            double[] sum = sums.get(layer);
            double[] variance = new double[sum.length];
            long n = counts.get(layer);
            for (int c = 0; c < sum.length; c++) {
                double m = sum[c] / n;
                variance[c] = squares.get(layer)[c] / n - m * m;
            }
            return variance;
        }
    }
}
