package org.sparknas.supernet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The active sub-network's weights, worked out once (slices made contiguous, kernels transformed)
 * and reused by a series of passes that do not train, e.g. the 10 calibration and 25 validation
 * batches of one evaluation. Small networks spend a good part of their forward time in per-op
 * overhead, and slicing and transforming are many of their ops, so doing them once per evaluation
 * instead of once per batch is a visible share of a small network's time (docs/development.md).
 * Entries are keyed by layer and
 * width, so a cache stays correct across architectures; it must not outlive a change of the
 * weights (training steps, re-ordering), so make one per evaluation and close it.
 */
public final class WeightCache implements AutoCloseable {

    private final Map<String, NDArray> arrays = new HashMap<>();

    NDArray get(String key, Supplier<NDArray> compute) {
        NDArray array = arrays.get(key);
        if (array == null) {
            array = compute.get();
            // kept across the per-batch scopes of the passes that use it; freed by close()
            NDScope.unregister(array);
            arrays.put(key, array);
        }
        return array;
    }

    @Override
    public void close() {
        arrays.values().forEach(NDArray::close);
        arrays.clear();
    }
}
