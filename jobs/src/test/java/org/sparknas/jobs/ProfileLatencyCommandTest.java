package org.sparknas.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparknas.latency.LatencyEngine;
import org.sparknas.latency.LatencyTable;
import org.sparknas.latency.LatencyTableCsv;
import org.sparknas.latency.SpaceLayers;
import org.sparknas.space.OfaSpace;
import org.sparknas.space.SearchSpaces;

/** profile-latency on a tiny space, one timed run per layer: the files, not the speed, are checked. */
class ProfileLatencyCommandTest {

    @TempDir
    Path tmp;

    private Path tinySpace() throws Exception {
        return tinySpace(tmp);
    }

    /** A 2-stage space of 800 sub-networks, fast to profile: written as {@code dir/tiny.conf}. */
    static Path tinySpace(Path dir) throws Exception {
        return Files.writeString(dir.resolve("tiny.conf"), "space { type = ofa, name = tiny, input-channels = 1,"
                + " num-classes = 3, resolutions = [8, 12]\n"
                + "  stem { channels = 4, kernel = 3, stride = 2, activation = relu }\n"
                + "  stage-defaults { depths = [1, 2], kernels = [3, 5], expand-ratios = [2, 3], se = false, activation = relu }\n"
                + "  stages = [ { channels = 4, stride = 1 }, { channels = 8, stride = 2, se = true, activation = hswish } ]\n"
                + "  head { channels = 16, activation = hswish } }\n");
    }

    @Test
    void writesTheDevicesTableAsCsvAndParquet() throws Exception {
        Path space = tinySpace();
        CliRun run = CliRun.of("profile-latency", "--space", space.toString(), "--device", "dev2", "--batch-sizes", "1,2",
                "--warmup", "0", "--repeats", "1", "--rounds", "1", "--table-dir", tmp.resolve("tables").toString(),
                "--output", tmp.resolve("out").toString(), "--master", "local[1]");
        assertEquals(0, run.exitCode(), run.output());
        Path csv = tmp.resolve("tables/dev2.csv");
        assertTrue(run.output().contains("-> " + csv), run.output());
        OfaSpace tiny = (OfaSpace) SearchSpaces.load(space);
        LatencyTable table = LatencyTableCsv.read(Files.readAllBytes(csv), csv.toString()).requireFor(tiny, csv.toString());
        assertEquals("dev2", table.device());
        assertEquals(Set.of(1, 2), table.batches());
        assertEquals(2 * SpaceLayers.required(tiny).size(), table.entries().size());

        SparkSession spark = SparkSession.builder().master("local[1]").config("spark.ui.enabled", "false").getOrCreate();
        List<Row> rows;
        try {
            rows = spark.read().parquet(tmp.resolve("out/latency_tables").toString()).collectAsList();
        } finally {
            spark.stop(); // later tests in this JVM start sessions of their own settings
        }
        assertEquals(table.entries().size(), rows.size());
        assertEquals(Set.of("dev2"), rows.stream().map(r -> r.getString(r.fieldIndex("device"))).collect(Collectors.toSet()));
        assertEquals(Set.of(tiny.fingerprint()), rows.stream().map(r -> r.getString(r.fieldIndex("space_fingerprint")))
                .collect(Collectors.toSet()));
    }

    @Test
    void theOnnxRuntimeEngineWritesOrtCsvWhichValidateLatencyMeasuresOnOnnxRuntime() throws Exception {
        Path space = tinySpace();
        CliRun run = CliRun.of("profile-latency", "--space", space.toString(), "--engine", "onnxruntime", "--batch-sizes", "1",
                "--warmup", "1", "--repeats", "2", "--rounds", "1", "--table-dir", tmp.toString(), "--master", "local[1]");
        assertEquals(0, run.exitCode(), run.output());
        Path csv = tmp.resolve("ort.csv");
        assertTrue(run.output().contains("-> " + csv) && run.output().contains("call overhead"), run.output());
        OfaSpace tiny = (OfaSpace) SearchSpaces.load(space);
        LatencyTable table = LatencyTableCsv.read(Files.readAllBytes(csv), csv.toString()).requireFor(tiny, csv.toString());
        assertEquals("ort", table.device());
        assertEquals(LatencyEngine.ONNX_RUNTIME, LatencyEngine.of(table.info()));

        CliRun validate = CliRun.of("validate-latency", "--space", space.toString(), "--table", csv.toString(), "--count", "4",
                "--warmup", "1", "--repeats", "2", "--rounds", "1");
        assertEquals(0, validate.exitCode(), validate.output());
        assertTrue(validate.output().contains("ONNX Runtime") && validate.output().contains("Kendall tau = "), validate.output());
        assertEquals(4, validate.output().lines().filter(l -> l.matches("r\\d+:.*(,\\d+\\.\\d{4}){3}")).count(),
                validate.output());
        CliRun gpu = CliRun.of("validate-latency", "--space", space.toString(), "--table", csv.toString(), "--compute-device",
                "gpu:0");
        assertEquals(2, gpu.exitCode(), gpu.output());
        assertTrue(gpu.output().contains("runs on the CPU; drop --compute-device gpu:0"), gpu.output());
    }

    @Test
    void badInputStopsWithExitCode2() throws Exception {
        CliRun badEngine = CliRun.of("profile-latency", "--space", tinySpace().toString(), "--engine", "tensorrt",
                "--table-dir", tmp.toString());
        assertEquals(2, badEngine.exitCode(), badEngine.output());
        assertTrue(badEngine.output().contains("unknown engine 'tensorrt'; use one of [djl, onnxruntime]"), badEngine.output());
        CliRun badName = CliRun.of("profile-latency", "--space", tinySpace().toString(), "--device", "GPU-1",
                "--table-dir", tmp.toString());
        assertEquals(2, badName.exitCode(), badName.output());
        assertTrue(badName.output().contains("lower-case letters and digits"), badName.output());
        CliRun notOfa = CliRun.of("profile-latency", "--space", "../conf/spaces/nb201.conf", "--table-dir", tmp.toString());
        assertEquals(2, notOfa.exitCode(), notOfa.output());
        assertTrue(notOfa.output().contains("not an Once-for-All space"), notOfa.output());
    }
}
