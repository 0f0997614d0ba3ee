package org.sparknas.supernet;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Brings up DJL's PyTorch engine with a thread count, and maps a {@link ComputeDevice} to a DJL device.
 * Public for the latency profiler, which must run under the same engine settings as evaluation.
 */
public final class DjlRuntime {

    private static final String THREADS = "ai.djl.pytorch.num_threads";
    private static final String INTEROP_THREADS = "ai.djl.pytorch.num_interop_threads";

    private DjlRuntime() {
    }

    /**
     * Uses {@code threads} intra-op threads (process-wide in PyTorch); 0 or less keeps the engine's
     * default. Inter-op threads are 1 unless configured: evaluation runs one op at a time.
     */
    public static synchronized Engine configure(int threads) {
        if (threads > 0 && System.getProperty(THREADS) == null) {
            System.setProperty(THREADS, Integer.toString(threads));
        }
        if (System.getProperty(INTEROP_THREADS) == null) {
            System.setProperty(INTEROP_THREADS, "1");
        }
        Engine engine = pytorch();
        if (threads > 0 && JniUtils.getNumThreads() != threads) {
            JniUtils.setNumThreads(threads);
        }
        return engine;
    }

    /**
     * DJL's PyTorch engine; where it cannot start, an error that says what this JVM lacks. DJL's own
     * message (offline and without natives: "Failed to save pytorch index file") names neither the
     * natives nor where they come from.
     */
    private static Engine pytorch() {
        try {
            return TorchLogging.pytorch();
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            throw new IllegalStateException("DJL's PyTorch engine could not start in this JVM (" + e + "). It needs DJL's"
                    + " natives of PyTorch 2.7.1 for this platform: the sparknas jar and bin/sparknas bring the CPU build"
                    + " (pytorch-native-cpu 2.7.1, linux-x86_64); a GPU executor needs pytorch-native-cu128 2.7.1 on its"
                    + " classpath and -DPYTORCH_FLAVOR=cu128 (README, GPU executors). With -Dai.djl.offline=true DJL"
                    + " downloads nothing; PYTORCH_VERSION or PYTORCH_LIBRARY_PATH, where set, must name that build", e);
        }
    }

    /**
     * Starts the engine with {@code threads} intra-op threads, for code that must not depend on DJL's
     * types (the executor plugin); returns the engine's name and version.
     */
    public static String start(int threads) {
        Engine engine = configure(threads);
        return engine.getEngineName() + " " + engine.getVersion();
    }

    public static Device device(Engine engine, ComputeDevice device) {
        if (!device.isGpu()) {
            return Device.cpu();
        }
        if (device.index() >= engine.getGpuCount()) {
            throw new IllegalStateException("device " + device + " was asked for, but DJL's PyTorch engine sees "
                    + engine.getGpuCount() + " GPU(s); is the CUDA build of the PyTorch natives installed?");
        }
        return Device.gpu(device.index());
    }
}
