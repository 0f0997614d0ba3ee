package org.sparknas.latency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.sparknas.config.ConfigException;
import org.sparknas.space.Architecture;
import org.sparknas.space.OfaArchitecture;
import org.sparknas.space.OfaSpace;
import org.sparknas.space.Precision;
import org.sparknas.space.SearchSpaces;
import org.sparknas.strategy.Metrics;

class LatencyTableTest {

    private static final OfaSpace TINY = TinySpaces.tiny();

    /** r8, one block per stage: stage 1 kernel 3 expand 2, stage 2 kernel 5 expand 3. */
    private static Architecture smallArch() {
        return TINY.encode(new OfaArchitecture(8, List.of(1, 1), List.of(List.of(3), List.of(5)), List.of(List.of(2), List.of(3)),
                Precision.FP32));
    }

    /** The four entries of {@link #smallArch} get chosen values; every other entry 100 ms, so a wrong lookup shows. */
    private static double value(LayerKey key) {
        return switch (key.text()) {
            case "stem:c1:r8:o4:k3:s2:relu" -> 0.125;
            case "mbconv:i4:m8:se0:o4:k3:e2:s1:h4:relu:res" -> 0.5;
            case "mbconv:i4:m12:se3:o8:k5:e3:s2:h4:hswish:nores" -> 2.0;
            case "head:i8:h2:o16:hswish:cls3" -> 0.25;
            default -> 100;
        };
    }

    @Test
    void aSubNetworkIsPredictedAsTheSumOfItsStemBlocksAndHead() {
        LatencyTable table = TinySpaces.table(TINY, "cpu", List.of(1, 4), LatencyTableTest::value);
        // 0.125 + 0.5 + 2.0 + 0.25, by hand; the table at batch 4 holds 4 times each value
        assertEquals(2.875, table.predict(TINY.shape(smallArch()), 1), 1e-12);
        assertEquals(11.5, table.predict(TINY.shape(smallArch()), 4), 1e-12);
        LookupTableModel model = new LookupTableModel(TINY, Map.of("cpu", table, "dev2", table));
        assertEquals(Set.of("latency_cpu_b1", "latency_cpu_b4", "latency_dev2_b1", "latency_dev2_b4"), model.metrics());
        assertEquals(2.875, model.latencies(smallArch()).get(Metrics.tableLatency("dev2", 1)), 1e-12);
    }

    @Test
    void theCoveringArchitecturesContainEveryLayerOfEverySampledSubNetwork() {
        for (OfaSpace space : List.of(TINY, (OfaSpace) SearchSpaces.load(java.nio.file.Path.of("../conf/spaces/ofa-fmnist.conf")))) {
            Set<LayerKey> required = SpaceLayers.required(space);
            SplittableRandom rng = new SplittableRandom(3);
            for (int i = 0; i < 300; i++) {
                Architecture a = space.sample(rng);
                for (LayerKey key : SpaceLayers.keys(space.shape(a))) {
                    assertTrue(required.contains(key), key + " of " + a.key() + " is not among the profiled keys");
                }
            }
        }
        // 2 stems, 2 heads (input 2x2 at r8, 3x3 at r12); per resolution and (kernel, expand) pair: stage 1's first and
        // later blocks share one key (4 -> 4 channels, stride 1, same size), stage 2's differ: 2 x 4 x 3 = 24 blocks
        assertEquals(28, SpaceLayers.required(TINY).size());
    }

    @Test
    void aTableThatLacksAnEntryTheSpaceNeedsNamesTheMissingKey() {
        LatencyTable full = TinySpaces.table(TINY, "cpu", List.of(1), LatencyTableTest::value);
        List<LatencyEntry> fewer = full.entries().stream()
                .filter(e -> !e.key().text().equals("mbconv:i4:m12:se3:o8:k5:e3:s2:h4:hswish:nores")).toList();
        LatencyTable lacking = new LatencyTable(full.info(), fewer);
        ConfigException e = assertThrows(ConfigException.class, () -> lacking.requireFor(TINY, "cpu.csv"));
        assertTrue(e.getMessage().contains("mbconv:i4:m12:se3:o8:k5:e3:s2:h4:hswish:nores"), e.getMessage());
        assertTrue(e.getMessage().contains("cpu.csv") && e.getMessage().contains("profile-latency"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> lacking.predict(TINY.shape(smallArch()), 1));
    }

    @Test
    void aTableMadeOnAnotherSpaceIsRefused() {
        LatencyTable other = TinySpaces.table(TinySpaces.otherHead(), "cpu", List.of(1), k -> 1);
        ConfigException e = assertThrows(ConfigException.class, () -> other.requireFor(TINY, "other.csv"));
        assertTrue(e.getMessage().contains("other.csv") && e.getMessage().contains("'tiny-other'")
                && e.getMessage().contains("not for space 'tiny'"), e.getMessage());
    }

    @Test
    void theCsvFormReadsBackToTheSameTable() {
        LatencyTable table = TinySpaces.table(TINY, "dev2", List.of(1, 4), LatencyTableTest::value);
        String csv = LatencyTableCsv.write(table);
        assertTrue(csv.startsWith(LatencyTableCsv.FORMAT_LINE + "\n"), csv);
        assertTrue(csv.contains("# device = dev2\n") && csv.contains("# space-fingerprint = " + TINY.fingerprint() + "\n"), csv);
        assertTrue(csv.contains("\nmbconv,4,mbconv:i4:m12:se3:o8:k5:e3:s2:h4:hswish:nores,8.00000,4.00000,16.00000\n"), csv);
        LatencyTable back = LatencyTableCsv.read(csv.getBytes(StandardCharsets.UTF_8), "dev2.csv").requireFor(TINY, "dev2.csv");
        assertEquals(table.info(), back.info());
        assertEquals(table.batches(), back.batches());
        assertEquals(2.875, back.predict(TINY.shape(smallArch()), 1), 1e-9);
        assertEquals(Set.copyOf(table.entries()), Set.copyOf(back.entries()));
    }

    @Test
    void textThatIsNotATableIsRefusedWithItsFileAndLine() {
        ConfigException notTable = assertThrows(ConfigException.class,
                () -> LatencyTableCsv.read("kind,batch\n".getBytes(StandardCharsets.UTF_8), "x.csv"));
        assertTrue(notTable.getMessage().contains("x.csv is not a sparknas latency table"), notTable.getMessage());
        String csv = LatencyTableCsv.write(TinySpaces.table(TINY, "cpu", List.of(1), k -> 1));
        String broken = csv.replaceFirst("\n(stem,1,[^,]+),1\\.00000", "\n$1,fast");
        ConfigException badNumber = assertThrows(ConfigException.class,
                () -> LatencyTableCsv.read(broken.getBytes(StandardCharsets.UTF_8), "y.csv"));
        assertTrue(badNumber.getMessage().contains("y.csv line 15"), badNumber.getMessage());
        String noDevice = csv.replace("# device = cpu\n", "");
        ConfigException missing = assertThrows(ConfigException.class,
                () -> LatencyTableCsv.read(noDevice.getBytes(StandardCharsets.UTF_8), "z.csv"));
        assertTrue(missing.getMessage().contains("'# device = ...'"), missing.getMessage());
    }
}
