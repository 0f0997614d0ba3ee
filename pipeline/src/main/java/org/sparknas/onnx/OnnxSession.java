package org.sparknas.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sparknas.config.ConfigException;

/**
 * An ONNX model loaded into ONNX Runtime's CPU provider, every graph optimisation on (this is
 * where the QuantizeLinear/DequantizeLinear pairs of an int8 model become int8 kernels). Runs
 * float images {@code [n, c, h, w]} to their logits.
 */
public final class OnnxSession implements AutoCloseable {

    private static final String DJL_ENGINE = "OnnxRuntime";
    private static OrtEnvironment shared;

    private final OrtEnvironment environment;
    private final OrtSession session;
    private final String input;

    private OnnxSession(OrtEnvironment environment, OrtSession session) throws OrtException {
        this.environment = environment;
        this.session = session;
        this.input = session.getInputNames().iterator().next();
    }

    /** A session over {@code model} (the bytes of an {@code .onnx} file), with {@code threads} intra-op threads. */
    public static OnnxSession open(byte[] model, int threads) {
        OrtEnvironment environment = environment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            return new OnnxSession(environment, environment.createSession(model, options));
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime refused the model: " + e.getMessage(), e);
        }
    }

    /**
     * ONNX Runtime's environment (one per JVM), or a clear error when its native library cannot be
     * loaded. DJL's ONNX Runtime engine, when on the classpath, insists on creating the environment
     * itself (with global thread pools) and fails when one exists; so it is started first, and its
     * environment is shared.
     */
    public static synchronized OrtEnvironment environment() {
        if (shared != null) {
            // asking again with a name and a level makes ONNX Runtime warn that they cannot change
            return shared;
        }
        try {
            if (ai.djl.engine.Engine.hasEngine(DJL_ENGINE)) {
                ai.djl.engine.Engine.getEngine(DJL_ENGINE);
            }
            shared = OrtEnvironment.getEnvironment(ai.onnxruntime.OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "sparknas");
            return shared;
        } catch (UnsatisfiedLinkError | ExceptionInInitializerError | NoClassDefFoundError e) {
            throw new ConfigException("ONNX Runtime's native library cannot be loaded (" + e.getMessage() + "): it ships "
                    + "inside com.microsoft.onnxruntime:onnxruntime for linux-x64, osx and windows; put that jar (not the "
                    + "_gpu or android variant without natives) on the classpath, or set onnxruntime.native.path to a "
                    + "directory holding libonnxruntime.so and libonnxruntime4j_jni.so", e);
        }
    }

    /** Logits of {@code count} images of {@code channels x height x width} floats each, row major. */
    public float[] logits(float[] images, int count, int channels, int height, int width) {
        return run(images, count, channels, height, width, List.of(session.getOutputNames().iterator().next()))
                .values().iterator().next();
    }

    /** The named outputs of one run, each flattened in row-major order. */
    public Map<String, float[]> run(float[] images, int count, int channels, int height, int width, List<String> outputs) {
        long[] shape = {count, channels, height, width};
        try (OnnxTensor tensor = OnnxTensor.createTensor(environment, FloatBuffer.wrap(images), shape);
             OrtSession.Result result = session.run(Map.of(input, tensor), new java.util.LinkedHashSet<>(outputs))) {
            Map<String, float[]> values = new LinkedHashMap<>();
            for (String name : outputs) {
                OnnxTensor out = (OnnxTensor) result.get(name).orElseThrow();
                FloatBuffer buffer = out.getFloatBuffer();
                float[] array = new float[buffer.remaining()];
                buffer.get(array);
                values.put(name, array);
            }
            return values;
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed on a batch of " + count + " images: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("cannot close an ONNX Runtime session", e);
        }
    }
}
