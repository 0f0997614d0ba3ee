package org.sparknas.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sparknas.config.ConfigException;
import org.sparknas.latency.LatencyTable;
import org.sparknas.latency.LayerKey;
import org.sparknas.latency.SpaceLayers;
import org.sparknas.latency.TinySpaces;
import org.sparknas.space.OfaSpace;

class LatencyProfilingJobTest {

    private static final OfaSpace TINY = TinySpaces.tiny();

    @Test
    void tablesOfOneDeviceTypeFromSeveralExecutorsAreMergedByTheirMedian() {
        LatencyTable merged = LatencyProfilingJob.merge(List.of(TinySpaces.table(TINY, "dev2", List.of(1), k -> 1),
                TinySpaces.table(TINY, "dev2", List.of(1), k -> 5), TinySpaces.table(TINY, "dev2", List.of(1), k -> 2)));
        LayerKey stem = SpaceLayers.required(TINY).iterator().next();
        assertEquals(2.0, merged.ms(stem, 1), 1e-12);
        assertEquals(SpaceLayers.required(TINY).size(), merged.entries().size());
        assertTrue(merged.info().hardware().endsWith("(median of 3 executors)"), merged.info().hardware());
    }

    @Test
    void theTasksProfileTheirExecutorsDeviceUnderTheGivenName() {
        Map<String, LatencyTable> tables = new LatencyProfilingJob(SparkTestSession.get())
                .run(TINY, Map.of("cpu", "dev2"), 2, 1, List.of(1), 0, 1, 1);
        assertEquals(List.of("dev2"), List.copyOf(tables.keySet()));
        LatencyTable table = tables.get("dev2").requireFor(TINY, "job");
        assertEquals("dev2", table.device());
        assertTrue(table.info().hardware().endsWith("(median of 2 executors)"), table.info().hardware());

        ConfigException unnamed = assertThrows(ConfigException.class,
                () -> new LatencyProfilingJob(SparkTestSession.get()).run(TINY, Map.of("gpu", "t4"), 1, 1, List.of(1), 0, 1, 1));
        assertTrue(unnamed.getMessage().contains("no device name was given for cpu")
                && unnamed.getMessage().contains("--device cpu=<name>"), unnamed.getMessage());
    }
}
