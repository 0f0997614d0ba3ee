package org.sparknas.latency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sparknas.config.ConfigException;
import org.sparknas.space.Architecture;
import org.sparknas.space.OfaArchitecture;
import org.sparknas.space.OfaSpace;
import org.sparknas.space.Precision;
import org.sparknas.space.SubnetShape;

/**
 * Tables of an engine that times precisions (ONNX Runtime) hold rows per precision and predict each
 * network from the rows of its own precision; DJL tables, whose networks always run at fp32, predict
 * every precision from their fp32 rows.
 */
class PrecisionLookupTest {

    private static final OfaSpace INT8 = TinySpaces.tinyInt8();
    private static final String ORT = "ONNX Runtime 1.22.0 (CPU provider, all graph optimisations)";

    /** fp32 rows of 1 ms per layer, int8 rows of 0.25 ms per layer, at batch 1. */
    private static LatencyTable table(String engine, List<Precision> precisions) {
        List<LatencyEntry> entries = new ArrayList<>();
        for (Precision p : precisions) {
            for (LayerKey key : SpaceLayers.required(INT8, List.of(p))) {
                double ms = p == Precision.FP32 ? 1 : 0.25;
                entries.add(new LatencyEntry(key, 1, ms, ms, ms));
            }
        }
        return new LatencyTable(new TableInfo(INT8.name(), INT8.networkFingerprint(), "ort", "cpu", 1, "test machine", engine,
                1, 3, "2026-01-01T00:00:00Z"), entries);
    }

    private static Architecture at(Architecture a, Precision precision) {
        OfaArchitecture v = INT8.decode(a);
        return INT8.encode(new OfaArchitecture(v.resolution(), v.depths(), v.kernels(), v.expandRatios(), precision));
    }

    @Test
    void keysOfOtherPrecisionsCarryTheirNameAndFp32KeysStayAsTheyWere() {
        LayerKey fp32 = new LayerKey("mbconv:i4:m12:se3:o8:k5:e3:s2:h4:hswish:nores");
        assertEquals(fp32, fp32.at(Precision.FP32));
        assertEquals("mbconv:i4:m12:se3:o8:k5:e3:s2:h4:hswish:nores:int8", fp32.at(Precision.INT8).text());
        assertEquals(Precision.INT8, fp32.at(Precision.INT8).precision());
        assertEquals(Precision.FP32, fp32.precision());
        assertEquals(LayerKey.Kind.MBCONV, fp32.at(Precision.INT8).kind());
        assertEquals(2 * SpaceLayers.required(INT8).size(), SpaceLayers.required(INT8, SpaceLayers.precisions(INT8)).size());
    }

    @Test
    void anOnnxRuntimeTablePredictsEachNetworkFromTheRowsOfItsPrecision() {
        LatencyTable table = LatencyTableCsv.read(LatencyTableCsv.write(table(ORT, List.of(Precision.FP32, Precision.INT8)))
                .getBytes(StandardCharsets.UTF_8), "ort.csv").requireFor(INT8, "ort.csv");
        Architecture a = INT8.sample(new java.util.SplittableRandom(3));
        SubnetShape fp32 = INT8.shape(at(a, Precision.FP32));
        SubnetShape int8 = INT8.shape(at(a, Precision.INT8));
        int layers = fp32.blocks().size() + 2;
        assertEquals(layers, table.predict(fp32, 1), 1e-9);
        assertEquals(0.25 * layers, table.predict(int8, 1), 1e-9);
        LookupTableModel model = new LookupTableModel(INT8, Map.of("ort", table));
        assertEquals(0.25 * layers, model.latencies(at(a, Precision.INT8)).get("latency_ort_b1"), 1e-9);
        assertEquals(layers, model.latencies(at(a, Precision.FP32)).get("latency_ort_b1"), 1e-9);
    }

    @Test
    void aDjlTablePredictsEveryPrecisionFromItsFp32Rows() {
        LatencyTable djl = table("PyTorch 2.7.1 (DJL 0.35.1)", List.of(Precision.FP32)).requireFor(INT8, "cpu.csv");
        Architecture a = INT8.sample(new java.util.SplittableRandom(4));
        assertEquals(djl.predict(INT8.shape(at(a, Precision.FP32)), 1), djl.predict(INT8.shape(at(a, Precision.INT8)), 1), 0);
    }

    @Test
    void anOnnxRuntimeTableWithoutInt8RowsIsRefusedForASpaceWithInt8NamingAKeyAndTheCommand() {
        LatencyTable fp32Only = table(ORT, List.of(Precision.FP32));
        ConfigException e = assertThrows(ConfigException.class, () -> fp32Only.requireFor(INT8, "ort.csv"));
        assertTrue(e.getMessage().contains("ort.csv lacks " + SpaceLayers.required(INT8).size() + " entries"), e.getMessage());
        assertTrue(e.getMessage().matches("(?s).*e\\.g\\. (stem|mbconv|head):[^ ,]*:int8.*"), e.getMessage());
        assertTrue(e.getMessage().contains("`sparknas profile-latency --engine onnxruntime --device ort --space <file of space"
                + " 'tiny-int8'>`"), e.getMessage());
        // the same table serves the space without precisions: it has every row that space needs
        fp32Only.requireFor(TinySpaces.tiny(), "ort.csv");
        IllegalStateException lookup = assertThrows(IllegalStateException.class, () -> fp32Only.predict(
                INT8.shape(at(INT8.sample(new java.util.SplittableRandom(5)), Precision.INT8)), 1));
        assertTrue(lookup.getMessage().contains(":int8 at batch 1") && lookup.getMessage().contains("--engine onnxruntime"),
                lookup.getMessage());
    }
}
