package org.sparknas.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparknas.config.ConfigException;
import org.sparknas.latency.LatencyEntry;
import org.sparknas.latency.LatencyTable;
import org.sparknas.latency.LatencyTableCsv;
import org.sparknas.latency.LayerKey;
import org.sparknas.latency.SpaceLayers;
import org.sparknas.latency.TableInfo;
import org.sparknas.space.Architecture;
import org.sparknas.space.BlockShape;
import org.sparknas.space.OfaSpace;
import org.sparknas.space.SearchSpaces;
import org.sparknas.space.SubnetShape;
import org.sparknas.spark.SparkTestSession;
import org.sparknas.store.ParetoRecord;
import org.sparknas.store.TrialRecord;
import org.sparknas.strategy.Trial;

/**
 * Hardware-aware searches through the whole search job (settings, evaluator broadcast, Spark, Parquet),
 * with the formula evaluator and two device tables: a CPU-like one (per-layer overhead small, cost
 * growing with MACs) and a "dev2" with a large per-layer overhead and fast arithmetic, so the two
 * devices rank architectures differently (deep-and-narrow is slow on dev2).
 */
class HardwareAwareSearchTest {

    private static final OfaSpace SPACE = (OfaSpace) SearchSpaces.load(Path.of("../conf/spaces/ofa-fmnist.conf"));

    @TempDir
    Path dir;

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    /** Per-layer latency {@code overhead + macs * perMac}, batch 1. */
    private static LatencyTable table(String device, double overhead, double perMac) {
        List<LatencyEntry> entries = new ArrayList<>();
        Set<LayerKey> done = new java.util.HashSet<>();
        for (Architecture a : SpaceLayers.covering(SPACE)) {
            SubnetShape s = SPACE.shape(a);
            add(entries, done, LayerKey.stem(s), overhead + s.stemMacs() * perMac);
            for (BlockShape b : s.blocks()) {
                add(entries, done, LayerKey.block(b), overhead + b.macs() * perMac);
            }
            add(entries, done, LayerKey.head(s), overhead + s.headMacs() * perMac);
        }
        return new LatencyTable(new TableInfo(SPACE.name(), SPACE.fingerprint(), device, "cpu", 1, "formula", "none", 0, 1,
                "2026-01-01T00:00:00Z"), entries);
    }

    private static void add(List<LatencyEntry> entries, Set<LayerKey> done, LayerKey key, double ms) {
        if (done.add(key)) {
            entries.add(new LatencyEntry(key, 1, ms, ms, ms));
        }
    }

    private static final LatencyTable CPU = table("cpu", 0.02, 1e-6);
    private static final LatencyTable DEV2 = table("dev2", 0.3, 1e-7);

    /** Writes the table's CSV and returns the table as read back (5 decimals of a millisecond). */
    private LatencyTable write(String name, LatencyTable table) throws IOException {
        Path file = Files.writeString(dir.resolve(name), LatencyTableCsv.write(table));
        return LatencyTableCsv.read(Files.readAllBytes(file), file.toString());
    }

    private SearchSettings settings(String runId, String more) throws IOException {
        Config base = ConfigFactory.parseFile(Path.of("../conf/search.conf").toFile()).withoutPath("latency");
        String hocon = "run-id = " + runId + "\noutput = \"" + dir.resolve("out") + "\"\n"
                + "evaluator.provider = org.sparknas.search.FormulaEvaluatorProvider\n"
                + "search { generation-size = 6, generations = 2, fidelity = 100 }\n"
                + "latency.tables { cpu = \"" + dir.resolve("cpu.csv") + "\", dev2 = \"" + dir.resolve("dev2.csv") + "\" }\n"
                + more;
        return SearchSettings.fromConfig(ConfigFactory.parseString(hocon).withFallback(base).resolve());
    }

    private SearchOutcome run(SearchSettings settings) {
        return new SearchJob(settings, new PrintStream(printed, true, StandardCharsets.UTF_8)).run(SparkTestSession.get());
    }

    /** The dev2 latency that about half of the space's architectures meet. */
    private static double dev2Median() {
        SplittableRandom rng = new SplittableRandom(5);
        double[] v = new double[201];
        for (int i = 0; i < v.length; i++) {
            v[i] = DEV2.predict(SPACE.shape(SPACE.sample(rng)), 1);
        }
        Arrays.sort(v);
        return v[100];
    }

    @Test
    void oneSearchMeetsConstraintsOnOneDeviceWhileMinimisingAnotherAndGivesAFrontPerDevice() throws IOException {
        LatencyTable cpu = write("cpu.csv", CPU);
        LatencyTable dev2 = write("dev2.csv", DEV2);
        double bound = dev2Median();
        SearchSettings settings = settings("multi", "search.objectives = [\"max accuracy\", \"min latency_cpu_b1\"]\n"
                + "search.constraints = [\"latency_dev2_b1 <= " + bound + " ms\", \"macs <= 4e6\"]\n"
                + "latency.measure { device = cpu, batch-sizes = [1], warmup = 0, repeats = 1 }\n");
        SearchOutcome outcome = run(settings);

        assertEquals(12, outcome.trials().size());
        for (TrialRecord t : outcome.trials()) {
            Trial trial = t.trial();
            assertTrue(trial.isOk(), trial.error());
            SubnetShape shape = SPACE.shape(trial.architecture());
            assertEquals(cpu.predict(shape, 1), trial.metric("latency_cpu_b1"), 1e-9);
            assertEquals(dev2.predict(shape, 1), trial.metric("latency_dev2_b1"), 1e-9);
            assertTrue(trial.metric("measured_latency_cpu_b1") > 0);
            // the driver's cost estimator knows the table latency: infeasible candidates were resampled, never evaluated
            assertTrue(trial.metric("latency_dev2_b1") <= bound && trial.metric("macs") <= 4e6, t.archKey());
        }
        Set<String> fronts = outcome.pareto().stream().map(ParetoRecord::objectiveSet).collect(Collectors.toSet());
        // one evaluation pass, a front per device (and one of MACs)
        assertTrue(fronts.containsAll(Set.of("max accuracy, min latency_cpu_b1", "max accuracy, min latency_dev2_b1",
                "max accuracy, min macs")), fronts.toString());
        List<String> columns = Arrays.asList(SparkTestSession.get().read().parquet(dir.resolve("out/trials").toString()).columns());
        assertTrue(columns.containsAll(List.of("latency_cpu_b1", "latency_dev2_b1", "measured_latency_cpu_b1")), columns.toString());
        assertTrue(printed.toString(StandardCharsets.UTF_8).contains("latency: table cpu (batches [1]"), printed.toString(StandardCharsets.UTF_8));
    }

    @Test
    void storedTrialsAreReusedOnlyWhileTheirTableLatenciesAreStillTrue() throws IOException {
        write("cpu.csv", CPU);
        write("dev2.csv", DEV2);
        // a strategy without a warm start: one that learns from the first run would propose other candidates
        String goal = "search.objectives = [\"max accuracy\", \"min latency_dev2_b1\"]\nstrategy.name = pareto-local-search\n";
        List<TrialRecord> first = run(settings("first", goal)).trials();
        List<TrialRecord> again = run(settings("again", goal)).trials();
        assertTrue(again.stream().allMatch(t -> "first".equals(t.reusedFrom())), "same tables: every trial reused");
        assertEquals(first.stream().map(TrialRecord::archKey).toList(), again.stream().map(TrialRecord::archKey).toList());

        LatencyTable reprofiledDev2 = write("dev2.csv", table("dev2", 0.6, 1e-7)); // every dev2 entry changed
        List<TrialRecord> reprofiled = run(settings("reprofiled", goal)).trials();
        assertTrue(reprofiled.stream().allMatch(t -> t.reusedFrom() == null), "stale latencies are not reused");
        TrialRecord t = reprofiled.get(0);
        assertEquals(reprofiledDev2.predict(SPACE.shape(t.trial().architecture()), 1), t.trial().metric("latency_dev2_b1"), 1e-9);
        assertNull(t.reusedFrom());
    }

    @Test
    void theMnasNetRewardDrivesASingleObjectiveStrategyOnTableLatency() throws IOException {
        write("cpu.csv", CPU);
        write("dev2.csv", DEV2);
        SearchSettings settings = settings("mnas", "search.objectives = []\n"
                + "search.reward { accuracy = accuracy, latency = latency_dev2_b1, target = 3, exponent = -0.07 }\n"
                + "strategy { name = regularized-evolution, population = 6, sample = 3 }\n");
        assertTrue(settings.goal().objectives().isEmpty());
        SearchOutcome outcome = run(settings);
        assertEquals(12, outcome.trials().size());
        for (TrialRecord t : outcome.trials()) {
            Trial trial = t.trial();
            double expected = trial.metric("accuracy") * Math.pow(trial.metric("latency_dev2_b1") / 3, -0.07);
            assertEquals(expected, settings.goal().fitness(trial), 1e-12);
        }
        assertFalse(outcome.pareto().isEmpty(), "fronts of accuracy against each device's latency");
    }

    @Test
    void aGoalOnADeviceWithoutATableIsRefusedBeforeAnythingRuns() throws IOException {
        write("cpu.csv", CPU);
        write("dev2.csv", DEV2);
        ConfigException e = assertThrows(ConfigException.class,
                () -> settings("bad", "search.objectives = [\"max accuracy\", \"min latency_tpu_b1\"]\n"));
        assertTrue(e.getMessage().contains("latency_tpu_b1") && e.getMessage().contains("profile-latency --device tpu")
                && e.getMessage().contains("latency_cpu_b1, latency_dev2_b1"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("out")));
    }
}
