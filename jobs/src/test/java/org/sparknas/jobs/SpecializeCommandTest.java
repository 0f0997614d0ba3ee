package org.sparknas.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparknas.space.OfaSpace;
import org.sparknas.space.SearchSpaces;
import org.sparknas.store.TrialRecord;
import org.sparknas.store.parquet.ParquetTrialStore;
import org.sparknas.supernet.ElasticSupernet;
import org.sparknas.supernet.ExportedSubnet;
import org.sparknas.supernet.InputNormalization;
import org.sparknas.supernet.SubnetExporter;
import org.sparknas.supernet.SupernetWeights;
import org.sparknas.supernet.TrainingInfo;

/**
 * A real search of the default configuration (the bundled CPU table, an untrained supernet, synthetic
 * images), then specialize: the most accurate stored trial under a latency bound, exported and loaded back.
 */
class SpecializeCommandTest {

    @TempDir
    static Path tmp;

    private static List<String> settings;

    @BeforeAll
    static void search() throws Exception {
        OfaSpace space = (OfaSpace) SearchSpaces.load(Path.of("../conf/spaces/ofa-fmnist.conf"));
        Path weights = tmp.resolve("supernet.weights");
        try (NDManager manager = NDManager.newBaseManager()) {
            ElasticSupernet supernet = new ElasticSupernet(space);
            supernet.initializeWeights(manager, 3);
            SupernetWeights.save(supernet, InputNormalization.FASHION_MNIST, TrainingInfo.untrained(3), weights);
        }
        settings = List.of("--set", "supernet.weights=\"" + weights + "\"", "--set", "data.source=synthetic",
                "--set", "data.validation-size=200", "--set", "data.calibration-size=100", "--set", "evaluation.batch-size=100",
                "--set", "search.fidelity=100",
                "--set", "spark.master=\"local[2]\"", "--set", "spark.conf.\"spark.ui.enabled\"=false");
        List<String> args = new ArrayList<>(List.of("search", "--config", "../conf/search.conf", "--output",
                tmp.resolve("out").toString(), "--run-id", "s", "--generation-size", "6", "--generations", "1", "--fidelity", "100",
                "--strategy", "random"));
        args.addAll(settings);
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, run.exitCode(), run.output());
    }

    @AfterAll
    static void stopTheTestsSession() {
        // later tests in this JVM start sessions of their own settings
        if (SparkSession.getDefaultSession().isDefined()) {
            SparkSession.getDefaultSession().get().stop();
        }
    }

    private static CliRun specialize(String... more) {
        List<String> args = new ArrayList<>(List.of("specialize", "--config", "../conf/search.conf", "--output",
                tmp.resolve("out").toString()));
        args.addAll(settings);
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void exportsTheMostAccurateStoredArchitectureUnderTheLatencyBound() throws Exception {
        OfaSpace space = (OfaSpace) SearchSpaces.load(Path.of("../conf/spaces/ofa-fmnist.conf"));
        List<TrialRecord> trials = new ParquetTrialStore(new Configuration(), tmp.resolve("out").toString(), space, Set.of())
                .trials("s");
        List<Double> latencies = trials.stream().map(t -> t.trial().metric("latency_cpu_b1")).sorted().toList();
        double bound = latencies.get(latencies.size() / 2);
        TrialRecord expected = trials.stream().filter(t -> t.trial().metric("latency_cpu_b1") <= bound)
                .max(Comparator.comparingDouble((TrialRecord t) -> t.trial().metric("accuracy"))
                        .thenComparing(Comparator.comparingLong(TrialRecord::trialId).reversed()))
                .orElseThrow();

        Path model = tmp.resolve("model");
        assertTrue(SparkSession.getDefaultSession().isEmpty(), "the search command stopped its session");
        CliRun run = specialize("--constraint", "latency_cpu_b1 <= " + bound, "--export", model.toString());
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(SparkSession.getDefaultSession().isEmpty(), "specialize reads the store without starting Spark");
        assertTrue(run.output().contains("run s, trial " + expected.trialId()), run.output());
        assertTrue(run.output().contains("architecture " + expected.archKey()), run.output());
        try (ExportedSubnet exported = ExportedSubnet.load(model)) {
            assertEquals(expected.archKey(), exported.architecture().key());
        }
        String manifest = Files.readString(model.resolve(SubnetExporter.MANIFEST));
        assertTrue(manifest.contains("\"search-run\" : \"s\"") && manifest.contains("latency_cpu_b1 <= " + bound), manifest);
    }

    @Test
    void aBoundNoStoredTrialMeetsOrAnUnknownDeviceStopsWithExitCode2() {
        CliRun none = specialize("--constraint", "latency_cpu_b1 <= 0.001");
        assertEquals(2, none.exitCode(), none.output());
        assertTrue(none.output().contains("none of the 6 stored successful trials meets"), none.output());
        CliRun unknown = specialize("--constraint", "latency_tpu_b1 <= 3");
        assertEquals(2, unknown.exitCode(), unknown.output());
        assertTrue(unknown.output().contains("latency_tpu_b1") && unknown.output().contains("profile-latency"), unknown.output());
        CliRun otherDevice = specialize("--constraint", "latency_cpu2t_b16 <= 1000");
        assertEquals(0, otherDevice.exitCode(), otherDevice.output());
    }
}
