package org.sparknas.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sparknas.data.ImageSet;
import org.sparknas.space.Architecture;
import org.sparknas.space.OfaSpace;
import org.sparknas.space.Precision;
import org.sparknas.strategy.Metrics;
import org.sparknas.supernet.BatchNormCalibrator;
import org.sparknas.supernet.ElasticSupernet;
import org.sparknas.supernet.InputNormalization;
import org.sparknas.supernet.LayerObserver;
import org.sparknas.supernet.NoGrad;
import org.sparknas.supernet.NormMode;
import org.sparknas.supernet.SupernetWeights;
import org.sparknas.supernet.WeightCache;

/**
 * Evaluates sub-networks of one supernet, Once-for-All's way: activate the architecture, re-calibrate
 * its BatchNorm statistics on the fixed calibration images (in fixed batches), then measure top-1
 * accuracy and mean cross-entropy on the first F validation images. MACs and parameters come from
 * the cost model (the tests check it against counts taken from the DJL model).
 *
 * <p>Fidelity F also bounds the calibration: BatchNorm is re-calibrated on the first min(F, C) of
 * the C calibration images (the same fixed batches, the last one cut at that count), since
 * calibration is a large share of an evaluation and a low rung of a multi-fidelity search should be
 * cheap in both. At the default, F = C = 2,000, every image is used, as before.
 *
 * <p>Deterministic: the result depends only on the weights, the images and the architecture (every
 * statistic the evaluation reads is recomputed by it), and runs with autograd off on any thread.
 * Not thread-safe; one evaluation at a time. Memory: each batch's intermediate arrays are freed
 * when the batch is done, so thousands of evaluations do not grow native memory.
 */
public final class SupernetEvaluator implements Evaluator {

    public static final int DEFAULT_BATCH_SIZE = 200;
    static final Set<String> METRICS = Set.of(Metrics.ACCURACY, Metrics.LOSS, Metrics.MACS, Metrics.PARAMS,
            Metrics.MODEL_BYTES);

    private final ElasticSupernet supernet;
    private final ImageSet calibration;
    private final ImageSet validation;
    private final InputNormalization normalization;
    private final int onnxThreads;
    private final ResolutionCache cache;
    private final AutoCloseable owned;

    private SupernetEvaluator(ElasticSupernet supernet, ImageSet calibration, ImageSet validation,
                              InputNormalization normalization, int batchSize, int onnxThreads, NDManager cacheManager,
                              AutoCloseable owned) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        }
        if (calibration.count() == 0 || validation.count() == 0) {
            throw new IllegalArgumentException("evaluation needs calibration and validation images, got "
                    + calibration.count() + " and " + validation.count());
        }
        OfaSpace space = supernet.space();
        for (ImageSet set : List.of(calibration, validation)) {
            SpaceFit.mismatch(space, "images " + set, set.channels(), set.numClasses()).ifPresent(message -> {
                throw new IllegalArgumentException(message);
            });
        }
        if (normalization.channels() != space.inputChannels()) {
            throw new IllegalArgumentException("an input normalisation of " + normalization.channels()
                    + " channel(s) does not fit space '" + space.name() + "' with space.input-channels = "
                    + space.inputChannels());
        }
        this.supernet = supernet;
        this.calibration = calibration;
        this.validation = validation;
        this.normalization = normalization;
        this.onnxThreads = onnxThreads;
        this.cache = new ResolutionCache(cacheManager, calibration, validation, normalization, batchSize);
        this.owned = owned;
    }

    /**
     * An evaluator over a supernet the caller keeps (e.g. during training): evaluations change the
     * active architecture and the running BatchNorm statistics of the evaluated channels.
     */
    public static SupernetEvaluator over(ElasticSupernet supernet, ImageSet calibration, ImageSet validation,
                                         InputNormalization normalization, int batchSize) {
        NDManager manager = supernet.getDirectParameters().values().get(0).getArray().getManager().newSubManager();
        return new SupernetEvaluator(supernet, calibration, validation, normalization, batchSize, 1, manager, () -> { });
    }

    /**
     * An evaluator that owns a supernet loaded from {@code weights} over {@code space} (the search's,
     * which may add precisions to the weights' own) on {@code manager}'s device; closes the manager.
     * {@code threads} is what ONNX Runtime gets for int8 sub-networks.
     */
    static SupernetEvaluator load(SupernetWeights weights, OfaSpace space, ImageSet calibration, ImageSet validation,
                                  int batchSize, int threads, NDManager manager) {
        ElasticSupernet supernet;
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            supernet = weights.instantiate(manager, space);
            // keep the weights out of any NDScope the caller may have open
            supernet.getDirectParameters().values().forEach(p -> NDScope.unregister(p.getArray()));
        }
        return new SupernetEvaluator(supernet, calibration, validation, weights.manifest().normalization(), batchSize,
                threads, manager.newSubManager(), manager);
    }

    @Override
    public Set<String> metrics() {
        return METRICS;
    }

    @Override
    @SuppressWarnings("try") // resources held open for their scope (grad mode, NDScope)
    public Map<String, Double> evaluate(Architecture architecture, int fidelity) {
        if (fidelity <= 0 || fidelity > validation.count()) {
            throw new IllegalArgumentException("fidelity " + fidelity + " must be between 1 and the " + validation.count()
                    + " validation images");
        }
        OfaSpace space = supernet.space();
        ClassificationScore score = new ClassificationScore();
        DeployedModel deployed;
        try (NoGrad ignored = NoGrad.enter(); WeightCache weights = new WeightCache()) {
            supernet.setActive(architecture);
            ResolutionCache.Batches batches = cache.batches(supernet.active().resolution());
            int calibrationCount = calibrationImages(fidelity);
            BatchNormCalibrator.recalibrate(supernet, cache.calibration(supernet.active().resolution(), calibrationCount),
                    weights);
            deployed = DeployedModel.of(supernet, calibration, calibrationCount, normalization, onnxThreads);
            if (deployed.precision() == Precision.FP32) {
                var pass = supernet.pass(NormMode.INFERENCE, LayerObserver.NONE, weights);
                int batchSize = cache.batchSize();
                for (int b = 0; b * batchSize < fidelity; b++) {
                    int count = Math.min(batchSize, fidelity - b * batchSize);
                    try (NDScope scope = new NDScope()) {
                        scope.suppressNotUsedWarning();
                        NDArray batch = batches.validation().get(b);
                        NDArray input = count == batch.getShape().get(0) ? batch : batch.get(new NDIndex(":{}", count));
                        NDArray logits = supernet.forward(input, pass).toType(DataType.FLOAT32, false);
                        score.add(logits.toFloatArray(), space.numClasses(), validation.labels(), b * batchSize);
                    }
                }
            }
        }
        if (deployed.precision() != Precision.FP32) {
            // quantized: measured as deployed, by ONNX Runtime's int8 kernels
            score = deployed.score(validation, fidelity, normalization, cache.batchSize(), onnxThreads);
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put(Metrics.ACCURACY, score.accuracy());
        metrics.put(Metrics.LOSS, score.meanLoss());
        metrics.put(Metrics.MACS, (double) space.macs(architecture));
        metrics.put(Metrics.PARAMS, (double) space.params(architecture));
        metrics.put(Metrics.MODEL_BYTES, (double) deployed.bytes().length);
        return metrics;
    }

    /** The calibration images an evaluation at {@code fidelity} re-calibrates BatchNorm on: the first min(fidelity, all). */
    public int calibrationImages(int fidelity) {
        return Math.min(fidelity, calibration.count());
    }

    /** The supernet evaluated (its active architecture is the last one evaluated). */
    public ElasticSupernet supernet() {
        return supernet;
    }

    @Override
    public void close() {
        cache.close();
        try {
            owned.close();
        } catch (Exception e) {
            throw new IllegalStateException("cannot release the evaluator's supernet", e);
        }
    }
}
