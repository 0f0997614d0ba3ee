package org.sparknas.latency;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import java.util.function.Supplier;

/**
 * Times a piece of DJL work: {@code warmup} untimed runs (allocator, oneDNN primitive caches and
 * CPU caches settle), then {@code repeats} timed runs summarised by their median, which a few
 * preempted runs on a shared machine do not move. Every run's arrays are freed after its timing,
 * so memory does not grow; the output is freed inside the timed region, as a forward pass frees each
 * layer's output. On a GPU the result is read back (one element) inside the timed region,
 * since CUDA kernels run asynchronously and the clock would otherwise stop before they finish.
 */
final class Stopwatch {

    private final int warmup;
    private final int repeats;

    Stopwatch(int warmup, int repeats) {
        if (warmup < 0 || repeats <= 0) {
            throw new IllegalArgumentException("warm-up must be >= 0 and repeats > 0, got " + warmup + " and " + repeats);
        }
        this.warmup = warmup;
        this.repeats = repeats;
    }

    Timing time(Supplier<NDArray> work) {
        for (int i = 0; i < warmup; i++) {
            once(work);
        }
        double[] samples = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            samples[i] = once(work);
        }
        return Timing.of(samples);
    }

    /** One timed run of {@code work}, its arrays freed; in ms. */
    static double once(Supplier<NDArray> work) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            long start = System.nanoTime();
            NDArray out = work.get();
            if (out.getDevice().isGpu()) {
                out.flatten().get(0).toFloatArray();
            }
            // freeing the output is part of the work: a whole network frees each layer's output too
            out.close();
            return (System.nanoTime() - start) / 1e6;
        }
    }
}
