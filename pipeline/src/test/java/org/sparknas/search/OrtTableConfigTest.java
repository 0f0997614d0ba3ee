package org.sparknas.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.sparknas.latency.LatencyEngine;
import org.sparknas.latency.LookupTableModel;
import org.sparknas.space.Architecture;
import org.sparknas.space.OfaArchitecture;
import org.sparknas.space.OfaSpace;
import org.sparknas.space.Precision;

/**
 * The bundled ONNX Runtime table (conf/latency/ort.csv) set as {@code latency.tables.ort} in the shipped
 * search configuration: {@code latency_ort_b1} can be an objective, for the space without precisions and
 * for the same network searched over fp32 and int8, where each candidate gets the latency of its own
 * precision.
 */
class OrtTableConfigTest {

    private static final Path SEARCH = Path.of("../conf/search.conf");
    private static final Map<String, String> ORT = Map.of("latency.tables.ort", "../conf/latency/ort.csv",
            "search.objectives", "[\"max accuracy\", \"min latency_ort_b1\"]");

    @Test
    void theBundledOrtTableIsAnObjectiveOfBothBundledSpaces() {
        SearchSettings plain = SearchSettings.load(SEARCH, ORT);
        assertTrue(plain.latency().tableMetrics().contains("latency_ort_b1"), plain.latency().tableMetrics().toString());
        assertEquals(LatencyEngine.ONNX_RUNTIME, LatencyEngine.of(plain.latency().tables().get("ort").info()));

        Map<String, String> int8Overrides = new java.util.HashMap<>(ORT);
        int8Overrides.put("space.precisions", "[fp32, int8]");
        SearchSettings int8 = SearchSettings.load(SEARCH, int8Overrides);
        OfaSpace space = (OfaSpace) int8.space();
        LookupTableModel model = new LookupTableModel(space, int8.latency().tables());
        OfaArchitecture view = space.decode(space.sample(new SplittableRandom(7)));
        Architecture asFp32 = space.encode(new OfaArchitecture(view.resolution(), view.depths(), view.kernels(),
                view.expandRatios(), Precision.FP32));
        Architecture asInt8 = space.encode(new OfaArchitecture(view.resolution(), view.depths(), view.kernels(),
                view.expandRatios(), Precision.INT8));
        double fp32 = model.latencies(asFp32).get("latency_ort_b1");
        double int8Ms = model.latencies(asInt8).get("latency_ort_b1");
        System.out.printf("%s: fp32 %.4f ms, int8 %.4f ms (ONNX Runtime, batch 1)%n", asFp32.key(), fp32, int8Ms);
        assertNotEquals(fp32, int8Ms, "each precision is predicted from its own rows");
        // the DJL tables' networks run at fp32: both precisions get the same prediction there
        assertEquals(model.latencies(asFp32).get("latency_cpu_b1"), model.latencies(asInt8).get("latency_cpu_b1"));
        OfaSpace plainSpace = (OfaSpace) plain.space();
        // the fp32 network of the space with precisions is the network of the space without, with the same latency
        Architecture same = plainSpace.parse(space.withoutPrecision(asFp32).key());
        assertEquals(fp32, new LookupTableModel(plainSpace, plain.latency().tables()).latencies(same).get("latency_ort_b1"),
                1e-12);
    }

    /** README's search across precisions: conf/search-int8.conf as shipped. */
    @Test
    void theShippedSearchAcrossPrecisionsLoads() {
        SearchSettings settings = SearchSettings.load(Path.of("../conf/search-int8.conf"), Map.of());
        OfaSpace space = (OfaSpace) settings.space();
        assertEquals("ofa-fmnist-int8", space.name());
        assertTrue(space.declaresPrecisions());
        assertEquals(java.util.List.of("max accuracy", "min latency_ort_b1", "min model_bytes"),
                settings.goal().objectives().stream().map(Object::toString).toList());
        assertTrue(settings.latency().tableMetrics().contains("latency_ort_b1"), settings.latency().tableMetrics().toString());
        assertEquals(LatencyEngine.ONNX_RUNTIME, LatencyEngine.of(settings.latency().tables().get("ort").info()));
    }
}
