package org.sparknas.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.sparknas.latency.LatencyEntry;
import org.sparknas.latency.LatencySettings;
import org.sparknas.latency.LatencyTable;
import org.sparknas.latency.LayerKey;
import org.sparknas.latency.MeasureSettings;
import org.sparknas.latency.SpaceLayers;
import org.sparknas.latency.TableInfo;
import org.sparknas.space.Architecture;
import org.sparknas.space.OfaSpace;
import org.sparknas.supernet.ComputeDevice;

/** The supernet evaluator of the shared fixture, with latency added: both latency metrics land beside accuracy. */
class LatencyEvaluatorFactoryTest {

    private static LatencyTable table(OfaSpace space, String device, double perLayer) {
        List<LatencyEntry> entries = new ArrayList<>();
        for (LayerKey key : SpaceLayers.required(space)) {
            entries.add(new LatencyEntry(key, 1, perLayer, perLayer, perLayer));
        }
        return new LatencyTable(new TableInfo(space.name(), space.fingerprint(), device, "cpu", 1, "test", "PyTorch", 1, 1,
                "2026-01-01T00:00:00Z"), entries);
    }

    @Test
    void theEvaluatorProducesTableAndMeasuredLatencyBesideItsOwnMetrics() throws Exception {
        EvaluationFixture fixture = new EvaluationFixture();
        OfaSpace space = fixture.space;
        LatencySettings latency = new LatencySettings(Map.of("cpu", table(space, "cpu", 0.5), "dev2", table(space, "dev2", 2)),
                Map.of("cpu", "a", "dev2", "b"), Optional.of(new MeasureSettings("cpu", List.of(1, 2), 1, 2)));
        EvaluatorFactory factory = LatencyEvaluatorFactory.attach(fixture.factory(), space, latency);
        assertEquals(Set.of("accuracy", "loss", "macs", "params", "model_bytes", "latency_cpu_b1", "latency_dev2_b1",
                "measured_latency_cpu_b1", "measured_latency_cpu_b2"), factory.metrics());
        assertTrue(factory.describe().contains("table dev2"), factory.describe());

        // what executors get: the factory after Java serialisation (Spark's broadcast)
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(factory);
        }
        EvaluatorFactory broadcast;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            broadcast = (EvaluatorFactory) in.readObject();
        }
        Architecture a = space.sample(new SplittableRandom(9));
        int layers = space.shape(a).blocks().size() + 2;
        Map<String, Double> plain;
        try (Evaluator inner = fixture.factory().create(ComputeDevice.CPU, 1)) {
            plain = inner.evaluate(a, 100);
        }
        try (Evaluator evaluator = broadcast.create(ComputeDevice.CPU, 1)) {
            Map<String, Double> metrics = evaluator.evaluate(a, 100);
            assertEquals(factory.metrics(), metrics.keySet());
            assertEquals(factory.metrics(), evaluator.metrics());
            assertEquals(0.5 * layers, metrics.get("latency_cpu_b1"), 1e-9);
            assertEquals(2.0 * layers, metrics.get("latency_dev2_b1"), 1e-9);
            assertTrue(metrics.get("measured_latency_cpu_b1") > 0 && metrics.get("measured_latency_cpu_b2") > 0, metrics.toString());
            plain.forEach((k, v) -> assertEquals(v, metrics.get(k), k));
        }
    }

    @Test
    void withoutLatencySettingsTheEvaluatorIsUnchanged() {
        EvaluationFixture fixture = new EvaluationFixture();
        EvaluatorFactory inner = fixture.factory();
        assertSame(inner, LatencyEvaluatorFactory.attach(inner, fixture.space, LatencySettings.none()));
    }
}
