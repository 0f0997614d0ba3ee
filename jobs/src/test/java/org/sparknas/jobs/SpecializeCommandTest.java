package org.sparknas.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparknas.search.SpecializeJob;
import org.sparknas.space.Architecture;
import org.sparknas.space.OfaArchitecture;
import org.sparknas.space.OfaSpace;
import org.sparknas.space.SearchSpaces;
import org.sparknas.store.TrialRecord;
import org.sparknas.store.parquet.ParquetTrialStore;
import org.sparknas.supernet.ElasticSupernet;
import org.sparknas.deploy.ExportedSubnet;
import org.sparknas.supernet.InputNormalization;
import org.sparknas.deploy.SubnetExporter;
import org.sparknas.supernet.SupernetWeights;
import org.sparknas.supernet.TrainingInfo;

/**
 * Real searches of the default configuration (the bundled CPU table, an untrained supernet, synthetic
 * images): run "s" at fidelity 100, and run "a" with the same seed (so the same architectures) at
 * fidelity 50. Then specialize: the most accurate stored trial under a latency bound, or the stored
 * trial of one architecture, exported and loaded back.
 */
class SpecializeCommandTest {

    @TempDir
    static Path tmp;

    private static final OfaSpace SPACE = (OfaSpace) SearchSpaces.load(Path.of("../conf/spaces/ofa-fmnist.conf"));

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
        // "a" sorts before "s": picking run s's trial of an architecture both measured shows that fidelity comes first
        List<String> lower = new ArrayList<>(args.subList(0, args.indexOf("--fidelity")));
        lower.set(lower.indexOf("s"), "a");
        lower.addAll(List.of("--fidelity", "50", "--strategy", "random"));
        lower.addAll(settings.stream().map(a -> a.equals("search.fidelity=100") ? "search.fidelity=50" : a).toList());
        CliRun second = CliRun.of(lower.toArray(String[]::new));
        assertEquals(0, second.exitCode(), second.output());
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
        CliRun run = specialize("--run-id", "s", "--constraint", "latency_cpu_b1 <= " + bound, "--export", model.toString());
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(SparkSession.getDefaultSession().isEmpty(), "specialize reads the store without starting Spark");
        assertTrue(run.output().contains("run s, trial " + expected.trialId()), run.output());
        assertTrue(run.output().contains("architecture " + expected.archKey()), run.output());
        try (ExportedSubnet exported = ExportedSubnet.load(model)) {
            assertEquals(expected.archKey(), exported.architecture().key());
        }
        String manifest = Files.readString(model.resolve(SubnetExporter.MANIFEST));
        assertTrue(manifest.contains("\"search-run\" : \"s\"") && manifest.contains("latency_cpu_b1 <= " + bound), manifest);
        // the trial's metrics travel with the model: its accuracy and its table latency
        assertTrue(manifest.contains("\"latency_cpu_b1\" : \"" + SpecializeJob.format(expected.trial().metric("latency_cpu_b1")) + "\"")
                && manifest.contains("\"accuracy\" : \"" + SpecializeJob.format(expected.trial().metric("accuracy")) + "\""), manifest);
        assertTrue(run.output().contains(SubnetExporter.ONNX_FP32) && run.output().contains(SubnetExporter.ONNX_INT8), run.output());
        try (ExportedSubnet exported = ExportedSubnet.load(model)) {
            assertTrue(Files.size(exported.onnxModel("int8")) * 2 < Files.size(exported.onnxModel("fp32")));
        }
    }

    @Test
    void aBoundNoStoredTrialMeetsOrAnUnknownDeviceStopsWithExitCode2() {
        CliRun none = specialize("--constraint", "latency_cpu_b1 <= 0.001");
        assertEquals(2, none.exitCode(), none.output());
        assertTrue(none.output().contains("none of the 12 stored successful trials meets"), none.output());
        CliRun unknown = specialize("--constraint", "latency_tpu_b1 <= 3");
        assertEquals(2, unknown.exitCode(), unknown.output());
        assertTrue(unknown.output().contains("latency_tpu_b1") && unknown.output().contains("profile-latency"), unknown.output());
        CliRun otherDevice = specialize("--constraint", "latency_cpu2t_b16 <= 1000");
        assertEquals(0, otherDevice.exitCode(), otherDevice.output());
    }

    private static List<TrialRecord> stored(String runId) {
        return new ParquetTrialStore(new Configuration(), tmp.resolve("out").toString(), SPACE, Set.of()).trials(runId);
    }

    /** Its key with the kernel of a block beyond its stage's depth changed: the same network, not the canonical key. */
    private static Optional<String> nonCanonical(Architecture arch) {
        OfaArchitecture view = SPACE.decode(arch);
        String[] parts = arch.key().split(":");
        String[] kernels = parts[2].substring(1).split(",");
        int offset = 0;
        for (int s = 0; s < SPACE.stages().size(); s++) {
            int depth = view.depths().get(s);
            if (depth < SPACE.stages().get(s).maxDepth()) {
                kernels[offset + depth] = Integer.toString(SPACE.stages().get(s).maxKernel());
                parts[2] = "k" + String.join(",", kernels);
                return Optional.of(String.join(":", parts));
            }
            offset += SPACE.stages().get(s).maxDepth();
        }
        return Optional.empty();
    }

    @Test
    void exportsTheStoredTrialOfAGivenArchitectureSpelledAnyWay() throws Exception {
        List<TrialRecord> s = stored("s");
        List<TrialRecord> a = stored("a");
        Set<String> inA = a.stream().map(TrialRecord::archKey).collect(Collectors.toSet());
        TrialRecord expected = s.stream().filter(t -> inA.contains(t.archKey()) && nonCanonical(t.trial().architecture()).isPresent())
                .findFirst().orElseThrow(() -> new AssertionError("the runs of one seed share an architecture with a stage"
                        + " shallower than its largest depth"));
        String key = expected.archKey();
        String spelled = nonCanonical(expected.trial().architecture()).orElseThrow();
        assertNotEquals(key, spelled);
        assertEquals(key, SPACE.parse(spelled).key());
        assertEquals(1, s.stream().filter(t -> t.archKey().equals(key)).count(), "one trial of it in run s");

        Path model = tmp.resolve("chosen");
        CliRun run = specialize("--architecture", spelled, "--export", model.toString());
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("stored trial of architecture " + key + ": run s, trial " + expected.trialId()
                + " (fidelity 100; 2 stored measurements of it)"), run.output());
        assertTrue(run.output().contains("  accuracy = " + SpecializeJob.format(expected.trial().metric("accuracy"))),
                run.output());
        try (ExportedSubnet exported = ExportedSubnet.load(model)) {
            assertEquals(key, exported.architecture().key());
        }
        String manifest = Files.readString(model.resolve(SubnetExporter.MANIFEST));
        assertTrue(manifest.contains("\"search-run\" : \"s\"") && manifest.contains("\"trial-id\" : \"" + expected.trialId() + "\"")
                && manifest.contains("\"specialized-for\" : \"architecture " + key + "\""), manifest);

        TrialRecord inRunA = a.stream().filter(t -> t.archKey().equals(key)).findFirst().orElseThrow();
        CliRun restricted = specialize("--run-id", "a", "--architecture", key);
        assertEquals(0, restricted.exitCode(), restricted.output());
        assertTrue(restricted.output().contains("stored trial of architecture " + key + ": run a, trial " + inRunA.trialId()
                + " (fidelity 50;"), restricted.output());
    }

    @Test
    void anArchitectureThatIsNotAKeyOrWasNeverMeasuredOrComesWithConstraintsStopsWithExitCode2() {
        CliRun malformed = specialize("--architecture", "r28:d2");
        assertEquals(2, malformed.exitCode(), malformed.output());
        assertTrue(malformed.output().contains("architecture 'r28:d2' is not one of space 'ofa-fmnist'")
                && malformed.output().contains(OfaSpace.KEY_FORMAT), malformed.output());

        String outOfRange = "r99" + SPACE.smallest().key().substring(SPACE.smallest().key().indexOf(':'));
        CliRun range = specialize("--architecture", outOfRange);
        assertEquals(2, range.exitCode(), range.output());
        assertTrue(range.output().contains("'" + outOfRange + "' is not one of space 'ofa-fmnist'")
                && range.output().contains("99") && range.output().contains(OfaSpace.KEY_FORMAT), range.output());

        Set<String> measured = new HashSet<>();
        stored("s").forEach(t -> measured.add(t.archKey()));
        stored("a").forEach(t -> measured.add(t.archKey()));
        String never = java.util.stream.Stream.of(SPACE.largest(), SPACE.smallest()).map(Architecture::key)
                .filter(k -> !measured.contains(k)).findFirst().orElseThrow();
        String out = tmp.resolve("out").toString();
        CliRun unknown = specialize("--architecture", never);
        assertEquals(2, unknown.exitCode(), unknown.output());
        assertTrue(unknown.output().contains("architecture " + never + " is not among the 12 stored successful trials of space"
                + " 'ofa-fmnist' under " + out + "; list the fronts with `bin/sparknas report --output " + out + "`"), unknown.output());
        CliRun unknownInRun = specialize("--run-id", "s", "--architecture", never);
        assertEquals(2, unknownInRun.exitCode(), unknownInRun.output());
        assertTrue(unknownInRun.output().contains("is not among the 6 stored successful trials of space 'ofa-fmnist' under "
                + out + " in runs [s];"), unknownInRun.output());

        CliRun both = specialize("--architecture", SPACE.smallest().key(), "--constraint", "latency_cpu_b1 <= 3");
        assertEquals(2, both.exitCode(), both.output());
        assertTrue(both.output().contains("--architecture picks that stored architecture as it is, so it takes no --constraint"),
                both.output());
    }
}
