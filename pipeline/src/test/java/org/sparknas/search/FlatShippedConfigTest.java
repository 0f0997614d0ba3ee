package org.sparknas.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparknas.config.ConfigException;
import org.sparknas.train.TrainConfig;

/**
 * The shipped configuration copied flat into one folder, as spark-submit's {@code --files} leaves
 * it in a cluster-mode driver's working directory, reads the same as from {@code conf/}.
 */
class FlatShippedConfigTest {

    private static final List<String> SHIPPED = List.of("search.conf", "train.conf", "spaces/ofa-fmnist.conf",
            "latency/cpu.csv", "latency/cpu2t.csv");

    @TempDir
    Path flat;

    private void ship(List<String> files) throws Exception {
        for (String f : files) {
            Path source = Path.of("../conf", f);
            Files.copy(source, flat.resolve(source.getFileName()));
        }
    }

    @Test
    void theSearchConfigurationShippedFlatHasTheSameSpaceAndLatencyTables() throws Exception {
        ship(SHIPPED);
        SearchSettings nested = SearchSettings.load(Path.of("../conf/search.conf"), Map.of());
        SearchSettings shipped = SearchSettings.load(flat.resolve("search.conf"), Map.of());
        assertEquals(nested.space().fingerprint(), shipped.space().fingerprint());
        assertEquals(Map.of("cpu", nested.latency().digests().get("cpu"), "cpu2t", nested.latency().digests().get("cpu2t")),
                shipped.latency().digests());
        assertEquals(RunPlan.trajectoryOf(nested, "model"), RunPlan.trajectoryOf(shipped, "model"), "the same run id");
        assertEquals(nested.latency().signature(), shipped.latency().signature());
        assertEquals(nested.space().name(), TrainConfig.load(flat.resolve("train.conf"), Map.of()).space().name());
    }

    @Test
    void aLatencyTableLeftOutOfTheFilesIsNamed() throws Exception {
        ship(List.of("search.conf", "spaces/ofa-fmnist.conf", "latency/cpu.csv"));
        ConfigException e = assertThrows(ConfigException.class, () -> SearchSettings.load(flat.resolve("search.conf"), Map.of()));
        assertTrue(e.getMessage().contains("latency/cpu2t.csv") && e.getMessage().contains("latency.tables.cpu2t"), e.getMessage());
    }

    @Test
    void aSpaceLeftOutOfTheFilesIsNamed() throws Exception {
        ship(List.of("search.conf", "latency/cpu.csv", "latency/cpu2t.csv"));
        ConfigException e = assertThrows(ConfigException.class, () -> SearchSettings.load(flat.resolve("search.conf"), Map.of()));
        assertTrue(e.getMessage().contains("spaces/ofa-fmnist.conf") && e.getMessage().contains("--files"), e.getMessage());
    }
}
