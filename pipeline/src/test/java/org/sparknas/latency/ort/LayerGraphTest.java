package org.sparknas.latency.ort;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.sparknas.latency.LayerKey;
import org.sparknas.latency.SpaceLayers;
import org.sparknas.latency.TinySpaces;
import org.sparknas.onnx.OnnxSession;
import org.sparknas.onnx.OnnxTensor;
import org.sparknas.space.OfaSpace;
import org.sparknas.space.SubnetShape;

/** The one-layer graphs a table is measured on run in ONNX Runtime and, chained, are the whole network. */
class LayerGraphTest {

    private static final OfaSpace TINY = TinySpaces.tiny();

    @Test
    void theLayerGraphsChainedGiveTheWholeNetworksLogits() {
        for (long seed = 1; seed <= 3; seed++) {
            SubnetShape shape = TINY.shape(TINY.sample(new SplittableRandom(seed)));
            List<LayerGraph> layers = LayerGraph.layers(shape, seed);
            assertEquals(SpaceLayers.keys(shape), layers.stream().map(LayerGraph::key).toList());
            int batch = 2;
            long[] image = layers.get(0).imageShape();
            float[] x = new float[batch * (int) (image[0] * image[1] * image[2])];
            SplittableRandom random = new SplittableRandom(seed);
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) random.nextGaussian();
            }
            float[] whole;
            try (OnnxSession network = OnnxSession.open(LayerGraph.network(shape, seed, "whole").graph().toBytes(), 1)) {
                whole = network.logits(x, batch, (int) image[0], (int) image[1], (int) image[2]);
            }
            float[] h = x;
            for (LayerGraph layer : layers) {
                long[] in = layer.imageShape();
                assertEquals(batch * in[0] * in[1] * in[2], h.length, layer.key() + " gets its input shape");
                try (OnnxSession session = OnnxSession.open(layer.graph().toBytes(), 1)) {
                    h = session.logits(h, batch, (int) in[0], (int) in[1], (int) in[2]);
                }
            }
            assertEquals(batch * TINY.numClasses(), whole.length);
            assertTrue(Math.abs(whole[0]) > 1e-6 || Math.abs(whole[1]) > 1e-6, "the logits are not all zero");
            assertArrayEquals(whole, h, 1e-4f, "seed " + seed);
        }
    }

    @Test
    void theInt8LayerGraphsChainedGiveTheInt8NetworksLogitsPassingUint8Between() throws OrtException {
        OrtEnvironment env = OnnxSession.environment();
        for (long seed = 1; seed <= 2; seed++) {
            SubnetShape shape = TINY.shape(TINY.sample(new SplittableRandom(seed)));
            List<LayerKey> keys = SpaceLayers.keys(shape).stream().map(k -> new LayerKey(k.text() + ":int8")).toList();
            List<LayerGraph> layers = Int8LayerGraphs.layers(shape, seed, keys);
            assertEquals(keys, layers.stream().map(LayerGraph::key).toList());
            for (LayerGraph layer : layers.subList(1, layers.size())) {
                String input = layer.graph().inputs().get(0).name();
                assertEquals(OnnxTensor.ElementType.UINT8, layer.graph().inputs().get(0).type(), layer.key().text());
                assertTrue(layer.graph().nodes().stream().noneMatch(n -> n.opType().equals("QuantizeLinear")
                        && n.inputs().get(0).equals(input)), "no second quantization in " + layer.key());
            }
            long[] image = layers.get(0).inputShape(2);
            float[] x = new float[(int) (image[0] * image[1] * image[2] * image[3])];
            SplittableRandom random = new SplittableRandom(seed);
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) random.nextGaussian();
            }
            float[] whole;
            try (OnnxSession network = OnnxSession.open(Int8LayerGraphs.network(shape, seed, "int8").graph().toBytes(), 1)) {
                whole = network.logits(x, 2, (int) image[1], (int) image[2], (int) image[3]);
            }
            ai.onnxruntime.OnnxTensor h = ai.onnxruntime.OnnxTensor.createTensor(env, FloatBuffer.wrap(x), image);
            for (LayerGraph layer : layers) {
                try (OrtSession session = env.createSession(layer.graph().toBytes(), new OrtSession.SessionOptions());
                     OrtSession.Result result = session.run(Map.of(session.getInputNames().iterator().next(), h))) {
                    ai.onnxruntime.OnnxTensor out = (ai.onnxruntime.OnnxTensor) result.get(0);
                    long[] dims = out.getInfo().getShape();
                    ai.onnxruntime.OnnxTensor next;
                    if (out.getInfo().type == OnnxJavaType.UINT8) {
                        ByteBuffer bytes = out.getByteBuffer();
                        byte[] copy = new byte[bytes.remaining()];
                        bytes.get(copy);
                        next = ai.onnxruntime.OnnxTensor.createTensor(env, ByteBuffer.wrap(copy), dims, OnnxJavaType.UINT8);
                    } else {
                        FloatBuffer floats = out.getFloatBuffer();
                        float[] copy = new float[floats.remaining()];
                        floats.get(copy);
                        next = ai.onnxruntime.OnnxTensor.createTensor(env, FloatBuffer.wrap(copy), dims);
                    }
                    h.close();
                    h = next;
                }
            }
            FloatBuffer logits = h.getFloatBuffer();
            float[] chained = new float[logits.remaining()];
            logits.get(chained);
            h.close();
            assertEquals(2 * TINY.numClasses(), whole.length);
            assertArrayEquals(whole, chained, 1e-4f, "seed " + seed);
        }
    }

    @Test
    void aTimedSessionRunsEveryLayerAndTheCallOverheadGraph() {
        SubnetShape shape = TINY.shape(TINY.sample(new SplittableRandom(9)));
        List<LayerGraph> graphs = new java.util.ArrayList<>(LayerGraph.layers(shape, 9));
        graphs.add(LayerGraph.callOverhead());
        graphs.addAll(Int8LayerGraphs.layers(shape, 9, SpaceLayers.keys(shape).stream()
                .map(k -> new LayerKey(k.text() + ":int8")).toList()));
        for (LayerGraph g : graphs) {
            try (TimedSession session = TimedSession.open(g.graph(), g.inputShape(3), 1, 0)) {
                session.warm(1);
                double ms = session.runMs();
                System.out.printf("%s: %.4f ms%n", g.key() == null ? g.graph().name() : g.key(), ms);
                assertTrue(ms > 0, g.graph().name());
            }
        }
    }
}
