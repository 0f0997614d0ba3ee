package org.sparknas.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Includes and relative paths found where the file says, else flat beside it (spark-submit --files in cluster mode). */
class ConfigFilesTest {

    @TempDir
    Path dir;

    private Path main() throws Exception {
        return Files.writeString(dir.resolve("main.conf"), "include \"spaces/s.conf\"\nkept = 1\n");
    }

    @Test
    void anIncludeIsReadFromItsFolderBesideTheIncludingFile() throws Exception {
        Files.createDirectories(dir.resolve("spaces"));
        Files.writeString(dir.resolve("spaces/s.conf"), "space = nested");
        Files.writeString(dir.resolve("s.conf"), "space = flat");
        Config c = ConfigFiles.parse(main());
        assertEquals("nested", c.getString("space"), "the path as written wins when it exists");
        assertEquals(1, c.getInt("kept"));
    }

    @Test
    void anIncludeShippedFlatIsReadFromBesideTheIncludingFile() throws Exception {
        Files.writeString(dir.resolve("s.conf"), "space = flat");
        assertEquals("flat", ConfigFiles.parse(main()).getString("space"));
    }

    @Test
    void anIncludeFoundNowhereIsAnErrorNamingIt() throws Exception {
        var e = assertThrows(com.typesafe.config.ConfigException.class, () -> ConfigFiles.parse(main()));
        assertTrue(e.getMessage().contains("spaces/s.conf") && e.getMessage().contains("s.conf flat beside it"), e.getMessage());
    }

    @Test
    void aRelativePathIsResolvedBesideItsFileElseFlat() throws Exception {
        Path conf = main();
        Files.writeString(dir.resolve("cpu.csv"), "x");
        assertEquals(dir.resolve("cpu.csv"), ConfigFiles.resolve("latency/cpu.csv", conf.toString()));
        Files.createDirectories(dir.resolve("latency"));
        Files.writeString(dir.resolve("latency/cpu.csv"), "y");
        assertEquals(dir.resolve("latency/cpu.csv"), ConfigFiles.resolve("latency/cpu.csv", conf.toString()));
        assertEquals(dir.resolve("latency/gpu.csv"), ConfigFiles.resolve("latency/gpu.csv", conf.toString()),
                "found nowhere: the path as written, for the error message");
        assertEquals(Path.of("latency/cpu.csv"), ConfigFiles.resolve("latency/cpu.csv", null), "set on the command line");
    }
}
