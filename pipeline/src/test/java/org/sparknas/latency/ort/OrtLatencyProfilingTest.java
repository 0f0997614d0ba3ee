package org.sparknas.latency.ort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.sparknas.config.ConfigException;
import org.sparknas.latency.LatencyEngine;
import org.sparknas.latency.LatencyEntry;
import org.sparknas.latency.LatencyTable;
import org.sparknas.latency.LatencyTableCsv;
import org.sparknas.latency.LayerKey;
import org.sparknas.latency.SpaceLayers;
import org.sparknas.latency.TableValidation;
import org.sparknas.latency.TinySpaces;
import org.sparknas.space.Architecture;
import org.sparknas.space.OfaSpace;
import org.sparknas.space.Precision;

/** ONNX Runtime tables of a tiny space, few repeats: structure and round trips; timings are printed, never asserted. */
class OrtLatencyProfilingTest {

    private static final OfaSpace TINY = TinySpaces.tiny();

    @Test
    void aSmallProfileWritesATableThatLoadsBackAndIsValidatedOnOnnxRuntime() {
        List<String> progress = new ArrayList<>();
        LatencyTable table = new OrtLatencyProfiling("ort", 1, List.of(1, 2), 1, 3, 1).run(TINY, progress::add);
        progress.forEach(System.out::println);
        assertEquals(2, progress.size(), "one line per batch size");
        assertEquals(Set.of(1, 2), table.batches());
        for (int batch : List.of(1, 2)) {
            Set<LayerKey> measured = table.entries().stream().filter(e -> e.batch() == batch).map(LatencyEntry::key)
                    .collect(Collectors.toSet());
            assertEquals(SpaceLayers.required(TINY), measured);
        }
        assertTrue(table.entries().stream().allMatch(e -> e.medianMs() >= 0 && e.p10Ms() <= e.p90Ms()));
        assertTrue(table.entries().stream().filter(e -> e.key().kind() == LayerKey.Kind.STEM).allMatch(e -> e.medianMs() > 0),
                "a stem entry holds the call overhead");
        assertTrue(table.info().engine().startsWith("ONNX Runtime 1."), table.info().engine());
        assertEquals(1, table.info().threads());
        assertEquals("cpu", table.info().computeDevice());

        LatencyTable back = LatencyTableCsv.read(LatencyTableCsv.write(table).getBytes(StandardCharsets.UTF_8), "ort.csv")
                .requireFor(TINY, "ort.csv");
        assertEquals(LatencyEngine.ONNX_RUNTIME, LatencyEngine.of(back.info()));
        Architecture a = TINY.sample(new SplittableRandom(1));
        assertEquals(table.predict(TINY.shape(a), 2), back.predict(TINY.shape(a), 2), 1e-4);

        try (OrtNetworkTimer timer = new OrtNetworkTimer(TINY, 1, 1, 1, 3)) {
            TableValidation.Result result = new TableValidation(4, 5, 1, 1, 3, 2).run(TINY, back, timer, p -> { });
            System.out.println(result.agreement());
            assertEquals(4, result.points().size());
            for (TableValidation.Point p : result.points()) {
                assertTrue(p.predictedMs() > 0 && p.measuredMs() > 0 && p.rawMs() > 0, p.toString());
                assertEquals(back.predict(TINY.shape(TINY.parse(p.archKey())), 1), p.predictedMs(), 1e-12);
            }
        }
    }

    @Test
    void aSpaceWithPrecisionsGetsRowsOfEachPrecisionAndItsNetworksAreValidatedAtTheirOwn() {
        OfaSpace int8 = TinySpaces.tinyInt8();
        LatencyTable table = new OrtLatencyProfiling("ort", 1, List.of(1), 1, 3, 1).run(int8, System.out::println);
        Set<LayerKey> keys = table.entries().stream().map(LatencyEntry::key).collect(Collectors.toSet());
        assertEquals(SpaceLayers.required(int8, List.of(Precision.FP32, Precision.INT8)), keys);
        table.requireFor(int8, "ort.csv");
        table.requireFor(TINY, "ort.csv");
        double fp32Sum = table.entries().stream().filter(e -> e.key().precision() == Precision.FP32)
                .mapToDouble(LatencyEntry::medianMs).sum();
        double int8Sum = table.entries().stream().filter(e -> e.key().precision() == Precision.INT8)
                .mapToDouble(LatencyEntry::medianMs).sum();
        System.out.printf("all fp32 rows %.4f ms, all int8 rows %.4f ms%n", fp32Sum, int8Sum);
        try (OrtNetworkTimer timer = new OrtNetworkTimer(int8, 1, 1, 1, 3)) {
            TableValidation.Result result = new TableValidation(6, 2, 1, 1, 3, 1).run(int8, table, timer, p -> { });
            assertTrue(result.points().stream().anyMatch(p -> p.archKey().endsWith(":int8"))
                    && result.points().stream().anyMatch(p -> p.archKey().endsWith(":fp32")), result.points().toString());
            for (TableValidation.Point p : result.points()) {
                assertTrue(p.measuredMs() > 0, p.toString());
                assertEquals(table.predict(int8.shape(int8.parse(p.archKey())), 1), p.predictedMs(), 1e-12);
            }
        }
    }

    @Test
    void anOnnxRuntimeTableThatLacksAKeyNamesItAndTheCommandThatProfilesIt() {
        LatencyTable full = TinySpaces.table(TINY, "ort", List.of(1), k -> 0.01);
        LatencyTable ort = new LatencyTable(new org.sparknas.latency.TableInfo(TINY.name(), TINY.fingerprint(), "ort", "cpu", 1,
                "test machine", OrtLatencyProfiling.engineName(), 1, 3, "2026-01-01T00:00:00Z"), full.entries());
        String missing = "mbconv:i4:m12:se3:o8:k5:e3:s2:h4:hswish:nores";
        LatencyTable lacking = new LatencyTable(ort.info(),
                ort.entries().stream().filter(e -> !e.key().text().equals(missing)).toList());
        ConfigException e = assertThrows(ConfigException.class, () -> lacking.requireFor(TINY, "ort.csv"));
        assertTrue(e.getMessage().contains(missing), e.getMessage());
        assertTrue(e.getMessage().contains("ort.csv")
                && e.getMessage().contains("`sparknas profile-latency --engine onnxruntime --device ort --space"), e.getMessage());
    }
}
