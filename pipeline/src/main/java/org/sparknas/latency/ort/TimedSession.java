package org.sparknas.latency.ort;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.SplittableRandom;
import org.sparknas.onnx.OnnxGraph;
import org.sparknas.onnx.OnnxSession;

/**
 * One ONNX graph loaded into ONNX Runtime as {@link OnnxSession} loads a deployed model (CPU
 * provider, every graph optimisation, {@code threads} intra-op threads, one inter-op thread), with a
 * fixed input tensor made once, so that a timed run is the session call alone: binding the input,
 * running the graph, allocating its outputs and releasing them.
 */
final class TimedSession implements AutoCloseable {

    private final OrtSession session;
    private final OnnxTensor input;
    private final Map<String, OnnxTensor> feed;

    private TimedSession(OrtSession session, OnnxTensor input) throws OrtException {
        this.session = session;
        this.input = input;
        this.feed = Map.of(session.getInputNames().iterator().next(), input);
    }

    /**
     * @param inputShape the full shape of the graph's single input, batch first
     * @param seed       of the input's values: standard normal floats, or uniform bytes for a uint8 input
     *                   (an int8 layer's quantized activation)
     */
    static TimedSession open(OnnxGraph graph, long[] inputShape, int threads, long seed) {
        OrtEnvironment environment = OnnxSession.environment();
        long count = 1;
        for (long d : inputShape) {
            count *= d;
        }
        SplittableRandom random = new SplittableRandom(seed);
        OrtSession session = null;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            session = environment.createSession(graph.toBytes(), options);
            OnnxTensor input;
            if (graph.inputs().get(0).type() == org.sparknas.onnx.OnnxTensor.ElementType.UINT8) {
                byte[] bytes = new byte[Math.toIntExact(count)];
                random.nextBytes(bytes);
                input = OnnxTensor.createTensor(environment, ByteBuffer.wrap(bytes), inputShape, OnnxJavaType.UINT8);
            } else {
                float[] values = new float[Math.toIntExact(count)];
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) random.nextGaussian();
                }
                input = OnnxTensor.createTensor(environment, FloatBuffer.wrap(values), inputShape);
            }
            return new TimedSession(session, input);
        } catch (OrtException e) {
            closeQuietly(session);
            throw new IllegalStateException("ONNX Runtime refused graph " + graph.name() + ": " + e.getMessage(), e);
        }
    }

    /** One run, in ms; releasing its outputs is part of it, as a deployed model's caller releases them. */
    double runMs() {
        long start = System.nanoTime();
        try (OrtSession.Result result = session.run(feed)) {
            if (result.size() == 0) {
                throw new IllegalStateException("a timed graph gave no output");
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed to run a timed graph: " + e.getMessage(), e);
        }
        return (System.nanoTime() - start) / 1e6;
    }

    /** {@code runs} untimed runs. */
    void warm(int runs) {
        for (int i = 0; i < runs; i++) {
            runMs();
        }
    }

    @Override
    public void close() {
        input.close();
        closeQuietly(session);
    }

    private static void closeQuietly(OrtSession session) {
        if (session == null) {
            return;
        }
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("cannot close an ONNX Runtime session", e);
        }
    }
}
