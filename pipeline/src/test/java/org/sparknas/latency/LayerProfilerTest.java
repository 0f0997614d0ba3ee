package org.sparknas.latency;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.sparknas.space.Architecture;
import org.sparknas.space.OfaSpace;
import org.sparknas.supernet.ComputeDevice;
import org.sparknas.supernet.NoGrad;
import org.sparknas.supernet.StaticSubnet;

/** DJL on the CPU, a tiny space and one timed run per layer: structure, not speed, is checked here. */
class LayerProfilerTest {

    private static final OfaSpace TINY = TinySpaces.tiny();

    @Test
    void profilingMeasuresEveryLayerTheSpaceNeedsAtEveryBatchSize() {
        LatencyTable table = new LatencyProfiling("cpu", ComputeDevice.CPU, 1, List.of(1, 2), 0, 1, 2).run(TINY, line -> { });
        assertEquals(Set.of(1, 2), table.batches());
        for (int batch : List.of(1, 2)) {
            Set<LayerKey> measured = table.entries().stream().filter(e -> e.batch() == batch).map(LatencyEntry::key)
                    .collect(Collectors.toSet());
            assertEquals(SpaceLayers.required(TINY), measured);
        }
        assertTrue(table.entries().stream().allMatch(e -> e.medianMs() > 0 && e.p10Ms() <= e.p90Ms()));
        assertEquals(TINY.fingerprint(), table.info().spaceFingerprint());
        assertEquals(1, table.info().threads());
        assertTrue(table.info().engine().startsWith("PyTorch"), table.info().engine());
        table.requireFor(TINY, "profiled");
        LatencyTable back = LatencyTableCsv.read(LatencyTableCsv.write(table).getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "profiled.csv");
        Architecture a = TINY.sample(new SplittableRandom(1));
        assertEquals(table.predict(TINY.shape(a), 2), back.predict(TINY.shape(a), 2), 1e-4);
    }

    @Test
    @SuppressWarnings("try")
    void theTimedSegmentsChainedAreTheDeployableNetwork() {
        Architecture a = TINY.sample(new SplittableRandom(4));
        try (NDManager manager = NDManager.newBaseManager(); NoGrad ignored = NoGrad.enter()) {
            StaticSubnet subnet = StaticSubnet.build(TINY.shape(a));
            subnet.initialize(manager);
            StaticLayers layers = new StaticLayers(subnet, manager);
            assertEquals(TINY.shape(a).blocks().size() + 2, layers.segmentCount());
            assertEquals(SpaceLayers.keys(TINY.shape(a)).size(), layers.segmentCount());
            NDArray x = layers.input(manager, 3);
            float[] whole = subnet.forward(x).toFloatArray();
            float[] chained = layers.runAll(x).toFloatArray();
            assertEquals(3 * TINY.numClasses(), whole.length);
            assertArrayEquals(whole, chained, 1e-5f);
            assertTrue(!x.isReleased(), "the caller's input is not freed");
        }
    }

    @Test
    void measuredLatencyIsReportedPerConfiguredBatchSize() {
        try (NDManager manager = NDManager.newBaseManager()) {
            MeasuredLatencyModel model = new MeasuredLatencyModel(TINY, manager, new MeasureSettings("dev2", List.of(1, 3), 1, 2));
            assertEquals(Set.of("measured_latency_dev2_b1", "measured_latency_dev2_b3"), model.metrics());
            Map<String, Double> latencies = model.latencies(TINY.sample(new SplittableRandom(2)));
            assertEquals(model.metrics(), latencies.keySet());
            assertTrue(latencies.values().stream().allMatch(ms -> ms > 0 && ms < 60_000), latencies.toString());
        }
    }
}
