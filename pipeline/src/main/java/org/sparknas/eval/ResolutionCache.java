package org.sparknas.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.sparknas.data.ImageSet;
import org.sparknas.supernet.ImageTensors;
import org.sparknas.supernet.InputNormalization;

/**
 * The calibration and validation images as ready network input, per resolution, on the evaluator's
 * device: normalised, resized and split into fixed batches once, then reused by every evaluation at
 * that resolution (a space has few resolutions; Fashion-MNIST's 7,000 images take 22 MB per
 * resolution at 28x28).
 */
final class ResolutionCache implements AutoCloseable {

    /** Fixed batches of one resolution. */
    record Batches(List<NDArray> calibration, List<NDArray> validation) {
    }

    private final NDManager manager;
    private final ImageSet calibration;
    private final ImageSet validation;
    private final InputNormalization normalization;
    private final int batchSize;
    private final Map<Integer, Batches> cache = new HashMap<>();

    ResolutionCache(NDManager manager, ImageSet calibration, ImageSet validation, InputNormalization normalization,
                    int batchSize) {
        this.manager = manager;
        this.calibration = calibration;
        this.validation = validation;
        this.normalization = normalization;
        this.batchSize = batchSize;
    }

    Batches batches(int resolution) {
        return cache.computeIfAbsent(resolution, r -> new Batches(split(calibration, r), split(validation, r)));
    }

    private List<NDArray> split(ImageSet images, int resolution) {
        List<NDArray> batches = new ArrayList<>();
        // a scope of our own, emptied of what we keep: a caller's NDScope must not close the cache
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            for (int from = 0; from < images.count(); from += batchSize) {
                NDArray batch = ImageTensors.batch(manager, images, from, Math.min(batchSize, images.count() - from),
                        normalization, resolution);
                NDScope.unregister(batch);
                batches.add(batch);
            }
        }
        return List.copyOf(batches);
    }

    int batchSize() {
        return batchSize;
    }

    @Override
    public void close() {
        cache.clear();
        manager.close();
    }
}
