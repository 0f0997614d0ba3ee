package org.sparknas.supernet;

import ai.djl.ndarray.NDArray;

/**
 * Frees a layer's input as soon as its output exists. DJL would keep every intermediate array until
 * the caller's scope closes, so a forward pass would never reuse memory: each op would write into
 * fresh pages (page faults, cold caches), whereas PyTorch's reference counting frees tensors at
 * once. Safe under a gradient collector too: autograd keeps its own references to what backward
 * needs.
 */
final class Intermediates {

    private Intermediates() {
    }

    /** {@code next}, after closing {@code previous} (unless an in-place op returned the same array). */
    static NDArray replace(NDArray previous, NDArray next) {
        if (next != previous) {
            previous.close();
        }
        return next;
    }
}
