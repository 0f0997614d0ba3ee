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
 * <p>Deterministic: the result depends only on the weights, the images and the architecture (every
 * statistic the evaluation reads is recomputed by it), and runs with autograd off on any thread.
 * Not thread-safe; one evaluation at a time. Memory: each batch's intermediate arrays are freed
 * when the batch is done, so thousands of evaluations do not grow native memory.
 */
public final class SupernetEvaluator implements Evaluator {

    public static final int DEFAULT_BATCH_SIZE = 200;
    static final Set<String> METRICS = Set.of(Metrics.ACCURACY, Metrics.LOSS, Metrics.MACS, Metrics.PARAMS);

    private final ElasticSupernet supernet;
    private final ImageSet validation;
    private final ResolutionCache cache;
    private final AutoCloseable owned;

    private SupernetEvaluator(ElasticSupernet supernet, ImageSet calibration, ImageSet validation,
                              InputNormalization normalization, int batchSize, NDManager cacheManager, AutoCloseable owned) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        }
        if (calibration.count() == 0 || validation.count() == 0) {
            throw new IllegalArgumentException("evaluation needs calibration and validation images, got "
                    + calibration.count() + " and " + validation.count());
        }
        OfaSpace space = supernet.space();
        for (ImageSet set : List.of(calibration, validation)) {
            if (set.channels() != space.inputChannels() || set.numClasses() != space.numClasses()) {
                throw new IllegalArgumentException("images " + set + " do not fit space '" + space.name() + "' ("
                        + space.inputChannels() + " channel(s), " + space.numClasses() + " classes)");
            }
        }
        this.supernet = supernet;
        this.validation = validation;
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
        return new SupernetEvaluator(supernet, calibration, validation, normalization, batchSize, manager, () -> { });
    }

    /** An evaluator that owns a supernet loaded from {@code weights} on {@code manager}'s device; closes the manager. */
    static SupernetEvaluator load(SupernetWeights weights, ImageSet calibration, ImageSet validation, int batchSize,
                                  NDManager manager) {
        ElasticSupernet supernet;
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            supernet = weights.instantiate(manager);
            // keep the weights out of any NDScope the caller may have open
            supernet.getDirectParameters().values().forEach(p -> NDScope.unregister(p.getArray()));
        }
        return new SupernetEvaluator(supernet, calibration, validation, weights.manifest().normalization(), batchSize,
                manager.newSubManager(), manager);
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
        try (NoGrad ignored = NoGrad.enter(); WeightCache weights = new WeightCache()) {
            supernet.setActive(architecture);
            ResolutionCache.Batches batches = cache.batches(supernet.active().resolution());
            BatchNormCalibrator.recalibrate(supernet, batches.calibration(), weights);
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
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put(Metrics.ACCURACY, score.accuracy());
        metrics.put(Metrics.LOSS, score.meanLoss());
        metrics.put(Metrics.MACS, (double) space.macs(architecture));
        metrics.put(Metrics.PARAMS, (double) space.params(architecture));
        return metrics;
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
