package org.sparknas.supernet;

import ai.djl.pytorch.jni.JniUtils;

/**
 * Switches PyTorch's autograd recording off for the current thread while open, and restores the
 * previous state on close. PyTorch's grad mode is per thread and on by default; DJL switches it off
 * only on the thread that loaded the engine, so an evaluation on a Spark task thread would otherwise
 * record a graph for every op on a parameter (slower, more memory) and refuse in-place writes into
 * parameters.
 */
public final class NoGrad implements AutoCloseable {

    private final boolean previous;

    private NoGrad() {
        TorchLogging.pytorch();
        previous = JniUtils.isGradMode();
        if (previous) {
            JniUtils.setGradMode(false);
        }
    }

    public static NoGrad enter() {
        return new NoGrad();
    }

    @Override
    public void close() {
        if (previous) {
            JniUtils.setGradMode(true);
        }
    }
}
