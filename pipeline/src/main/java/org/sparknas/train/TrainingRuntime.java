package org.sparknas.train;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Brings up DJL's PyTorch engine for training with a fixed thread count. The count is part of
 * what makes a run repeatable bit for bit (reductions split work by thread), so it is set
 * explicitly rather than left to the machine; one inter-op thread, as the network runs one op at
 * a time.
 */
final class TrainingRuntime {

    private static final String THREADS = "ai.djl.pytorch.num_threads";
    private static final String INTEROP_THREADS = "ai.djl.pytorch.num_interop_threads";

    private TrainingRuntime() {
    }

    static synchronized Engine configure(int threads) {
        if (System.getProperty(THREADS) == null) {
            System.setProperty(THREADS, Integer.toString(threads));
        }
        if (System.getProperty(INTEROP_THREADS) == null) {
            System.setProperty(INTEROP_THREADS, "1");
        }
        Engine engine = Engine.getEngine("PyTorch");
        if (JniUtils.getNumThreads() != threads) {
            JniUtils.setNumThreads(threads);
        }
        return engine;
    }
}
