package org.sparknas.latency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparknas.config.ConfigException;
import org.sparknas.config.StrictConfig;
import org.sparknas.space.OfaSpace;
import org.sparknas.strategy.Constraint;
import org.sparknas.strategy.Goal;
import org.sparknas.strategy.MnasReward;
import org.sparknas.strategy.Objective;

class LatencySettingsTest {

    private static final OfaSpace TINY = TinySpaces.tiny();

    @TempDir
    Path dir;

    private Path writeTable(Path file, OfaSpace space, String device) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, LatencyTableCsv.write(TinySpaces.table(space, device, List.of(1, 8), k -> 1)));
    }

    private LatencySettings load(String hocon) throws IOException {
        Path conf = Files.writeString(dir.resolve("conf/search.conf"), hocon);
        Config config = ConfigFactory.parseFile(conf.toFile()).resolve();
        return LatencySettings.fromConfig(new StrictConfig(config, ""), TINY);
    }

    @Test
    void tablesAreReadRelativeToTheirConfigFileAndGiveMetricsPerDeviceAndBatch() throws IOException {
        Files.createDirectories(dir.resolve("conf"));
        writeTable(dir.resolve("conf/latency/cpu.csv"), TINY, "cpu");
        writeTable(dir.resolve("conf/latency/dev2.csv"), TINY, "dev2");
        LatencySettings s = load("latency { tables { cpu = \"latency/cpu.csv\", dev2 = \"latency/dev2.csv\" }\n"
                + "  measure { device = cpu, batch-sizes = [1, 4], warmup = 1, repeats = 3 } }");
        assertEquals(Set.of("cpu", "dev2"), s.tables().keySet());
        assertEquals(Set.of("latency_cpu_b1", "latency_cpu_b8", "latency_dev2_b1", "latency_dev2_b8"), s.tableMetrics());
        assertEquals(Set.of("latency_cpu_b1", "latency_cpu_b8", "latency_dev2_b1", "latency_dev2_b8",
                "measured_latency_cpu_b1", "measured_latency_cpu_b4"), s.metrics());
        assertEquals(new MeasureSettings("cpu", List.of(1, 4), 1, 3), s.measure().orElseThrow());
        assertTrue(s.signature().orElseThrow().contains("table.dev2="), s.signature().orElseThrow());
        assertFalse(LatencySettings.none().configured());
        assertEquals(Optional.empty(), LatencySettings.none().signature());
        assertFalse(load("latency { measure { enabled = false } }").configured());
    }

    @Test
    void anOnnxRuntimeTableIsConfiguredLikeAnyOtherAndGivesItsMetricToGoals() throws IOException {
        LatencyTable djl = TinySpaces.table(TINY, "ort", List.of(1), k -> 0.02);
        TableInfo i = djl.info();
        TableInfo ort = new TableInfo(i.spaceName(), i.spaceFingerprint(), "ort", "cpu", 1, "test machine",
                "ONNX Runtime 1.22.0 (CPU provider, all graph optimisations)", 1, 3, i.created());
        Files.createDirectories(dir.resolve("conf/latency"));
        Files.writeString(dir.resolve("conf/latency/ort.csv"), LatencyTableCsv.write(new LatencyTable(ort, djl.entries())));
        LatencySettings s = load("latency { tables { ort = \"latency/ort.csv\" } }");
        assertEquals(Set.of("latency_ort_b1"), s.tableMetrics());
        assertEquals(LatencyEngine.ONNX_RUNTIME, LatencyEngine.of(s.tables().get("ort").info()));
        GoalLatencyCheck.check(new Goal(List.of(Objective.maximize("accuracy"), Objective.minimize("latency_ort_b1")),
                List.of(Constraint.parse("latency_ort_b1 <= 5")), Optional.empty()), s);
        ConfigException missing = assertThrows(ConfigException.class, () -> load("latency { tables { ort = \"nope.csv\" } }"));
        assertTrue(missing.getMessage().contains("profile-latency --device ort` (with --engine onnxruntime"), missing.getMessage());
    }

    @Test
    void badLatencySettingsNameTheKeyAndTheFix() throws IOException {
        Files.createDirectories(dir.resolve("conf"));
        writeTable(dir.resolve("conf/cpu.csv"), TINY, "cpu");
        writeTable(dir.resolve("conf/foreign.csv"), TinySpaces.otherHead(), "cpu");
        assertError("latency { tables { cpu = \"missing.csv\" } }", "'latency.tables.cpu'", "profile-latency --device cpu");
        assertError("latency { tables { gpu = \"cpu.csv\" } }", "'latency.tables.gpu'", "profiled as device 'cpu'");
        assertError("latency { tables { cpu = \"foreign.csv\" } }", "foreign.csv", "not for space 'tiny'");
        assertError("latency { tables { CPU_1 = \"cpu.csv\" } }", "'latency.tables.CPU_1'", "lower-case letters and digits");
        assertError("latency { tabels { cpu = \"cpu.csv\" } }", "tabels", "latency");
        assertError("latency { measure { repeats = 0 } }", "'latency.measure.repeats'", "must be positive, got 0");
    }

    private void assertError(String hocon, String... expected) {
        ConfigException e = assertThrows(ConfigException.class, () -> load(hocon));
        for (String text : expected) {
            assertTrue(e.getMessage().contains(text), "expected '" + text + "' in: " + e.getMessage());
        }
    }

    @Test
    void aGoalOnALatencyNothingProducesSaysWhatToProfile() throws IOException {
        Files.createDirectories(dir.resolve("conf"));
        writeTable(dir.resolve("conf/cpu.csv"), TINY, "cpu");
        LatencySettings s = load("latency { tables { cpu = \"cpu.csv\" } }");
        Goal fine = new Goal(List.of(Objective.maximize("accuracy"), Objective.minimize("latency_cpu_b1")),
                List.of(Constraint.parse("latency_cpu_b8 <= 20")), Optional.empty());
        GoalLatencyCheck.check(fine, s);

        Goal unknownDevice = new Goal(List.of(Objective.maximize("accuracy"), Objective.minimize("latency_gpu_b1")), List.of(),
                Optional.empty());
        ConfigException e = assertThrows(ConfigException.class, () -> GoalLatencyCheck.check(unknownDevice, s));
        assertTrue(e.getMessage().contains("search.objectives ('min latency_gpu_b1')")
                && e.getMessage().contains("no latency table for device 'gpu'")
                && e.getMessage().contains("sparknas profile-latency --device gpu")
                && e.getMessage().contains("latency_cpu_b1, latency_cpu_b8"), e.getMessage());

        Goal unknownBatch = Goal.of(Objective.maximize("accuracy")).withConstraints(List.of(Constraint.parse("latency_cpu_b32 <= 5")));
        ConfigException batch = assertThrows(ConfigException.class, () -> GoalLatencyCheck.check(unknownBatch, s));
        assertTrue(batch.getMessage().contains("search.constraints") && batch.getMessage().contains("batch sizes [1, 8]"),
                batch.getMessage());

        Goal reward = new Goal(List.of(), List.of(), Optional.of(new MnasReward("accuracy", "measured_latency_cpu_b1", 3, -0.07)));
        ConfigException measured = assertThrows(ConfigException.class, () -> GoalLatencyCheck.check(reward, s));
        assertTrue(measured.getMessage().contains("search.reward.latency") && measured.getMessage().contains("latency.measure"),
                measured.getMessage());
    }
}
