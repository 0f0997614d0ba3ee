package org.sparknas.latency.ort;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.sparknas.latency.SpaceLayers;
import org.sparknas.latency.TinySpaces;
import org.sparknas.onnx.OnnxSession;
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
    void aTimedSessionRunsEveryLayerAndTheCallOverheadGraph() {
        SubnetShape shape = TINY.shape(TINY.sample(new SplittableRandom(9)));
        List<LayerGraph> graphs = new java.util.ArrayList<>(LayerGraph.layers(shape, 9));
        graphs.add(LayerGraph.callOverhead());
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
