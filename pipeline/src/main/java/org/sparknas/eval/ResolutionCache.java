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
 * resolution at 28x28). A fidelity below the calibration set's size re-calibrates on its first
 * images: those batches are kept per resolution and count.
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
    private final Map<List<Integer>, List<NDArray>> cut = new HashMap<>();

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

    /**
     * The calibration batches of the first {@code count} images at {@code resolution}: the same fixed
     * batches, the last one cut at {@code count}; all of them when {@code count} covers the set.
     */
    List<NDArray> calibration(int resolution, int count) {
        if (count <= 0) {
            throw new IllegalArgumentException("calibration needs at least one image, got " + count);
        }
        List<NDArray> all = batches(resolution).calibration();
        if (count >= calibration.count()) {
            return all;
        }
        return cut.computeIfAbsent(List.of(resolution, count), k -> {
            int whole = count / batchSize;
            int rest = count % batchSize;
            List<NDArray> out = new ArrayList<>(all.subList(0, whole));
            if (rest > 0) {
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    NDArray part = all.get(whole).get(new ai.djl.ndarray.index.NDIndex(":{}", rest));
                    NDScope.unregister(part);
                    out.add(part);
                }
            }
            return List.copyOf(out);
        });
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
        cut.clear();
        manager.close();
    }
}
