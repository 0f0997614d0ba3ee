package org.sparknas.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    @Test
    void overridesApplyInOrderAndAValueThatIsNotHoconIsTakenLiterally() throws Exception {
        Path file = Files.writeString(dir.resolve("a.conf"), "n = 1\nname = x\ncopy = ${n}\n");
        Map<String, String> sets = new LinkedHashMap<>();
        sets.put("n", "2");
        sets.put("n", "3");
        sets.put("path", "hdfs://nn:8020/out");
        Config c = ConfigLoader.load(file, sets);
        assertEquals(3, c.getInt("n"));
        assertEquals(3, c.getInt("copy"), "substitutions are resolved after the overrides");
        assertEquals("hdfs://nn:8020/out", c.getString("path"));
        assertEquals("x", c.getString("name"));
    }

    @Test
    void eachFailureNamesTheFileOrTheOverride() throws Exception {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(dir.resolve("none.conf"), Map.of()));
        assertEquals("configuration file " + dir.resolve("none.conf") + " does not exist; give an existing file with --config",
                e.getMessage());
        Path broken = Files.writeString(dir.resolve("broken.conf"), "a {\n");
        e = assertThrows(ConfigException.class, () -> ConfigLoader.load(broken, Map.of()));
        assertTrue(e.getMessage().startsWith("cannot read " + broken + ": "), e.getMessage());
        Path file = Files.writeString(dir.resolve("a.conf"), "a = ${missing}\n");
        e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, Map.of()));
        assertTrue(e.getMessage().startsWith("cannot resolve " + file + " with its --set overrides: "), e.getMessage());
        Path ok = Files.writeString(dir.resolve("ok.conf"), "a = 1\n");
        e = assertThrows(ConfigException.class, () -> ConfigLoader.load(ok, Map.of("a..b", "1")));
        assertTrue(e.getMessage().startsWith("cannot apply --set a..b=1: 'a..b' is not a configuration key"), e.getMessage());
    }
}
