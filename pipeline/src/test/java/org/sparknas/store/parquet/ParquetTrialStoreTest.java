package org.sparknas.store.parquet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparknas.config.ConfigException;
import org.sparknas.data.DataSettings;
import org.sparknas.search.EvaluationFingerprint;
import org.sparknas.space.Architecture;
import org.sparknas.space.OfaSpace;
import org.sparknas.space.SearchSpaces;
import org.sparknas.spark.SparkTestSession;
import org.sparknas.store.HypervolumeScale;
import org.sparknas.store.ParetoRecord;
import org.sparknas.store.RunRecord;
import org.sparknas.store.RunStatus;
import org.sparknas.store.TrialRecord;
import org.sparknas.strategy.Metrics;
import org.sparknas.strategy.Trial;
import org.sparknas.strategy.TrialStatus;

class ParquetTrialStoreTest {

    private static final OfaSpace SPACE = (OfaSpace) SearchSpaces.load(Path.of("../conf/spaces/ofa-fmnist.conf"));
    private static final Set<String> METRICS = Set.of(Metrics.ACCURACY, Metrics.LOSS, Metrics.MACS, Metrics.PARAMS);
    private static final Instant T0 = Instant.parse("2026-11-23T10:15:30.123456Z");

    @TempDir
    Path root;

    /** How the trials of {@link #generation} were measured (the shipped search's data), as their catalog rows record. */
    private static final String EVALUATION = EvaluationFingerprint.of(EvaluationFingerprint.SUPERNET_PROVIDER, "",
            new DataSettings(DataSettings.FASHION_MNIST, "data/fashion-mnist", 5000, 2000, 0), 200);
    /** The same, with BatchNorm re-calibrated on 1,000 images instead of 2,000. */
    private static final String OTHER_CALIBRATION = EvaluationFingerprint.of(EvaluationFingerprint.SUPERNET_PROVIDER, "",
            new DataSettings(DataSettings.FASHION_MNIST, "data/fashion-mnist", 5000, 1000, 0), 200);

    private ParquetTrialStore store() {
        return new ParquetTrialStore(new Configuration(), root.toString(), SPACE, METRICS);
    }

    /** Run {@code runId}'s catalog row, recording the given evaluation fingerprint (null: none, as before 2026-12-07). */
    private static RunRecord catalog(String runId, String evaluation) {
        return new RunRecord(runId, 1, "{}", "digest", "sha-1", "ofa-fmnist", SPACE.fingerprint(), 42, "random",
                List.of("max accuracy"), List.of(), 4, 500, RunStatus.FINISHED, T0, T0, T0, 1, 1, 4, 3, 1, 0, "local[2]",
                null).withEvaluationFingerprint(evaluation);
    }

    /** Stores a generation of run {@code runId} and its catalog row, recording {@link #EVALUATION}. */
    private List<TrialRecord> measured(ParquetTrialStore store, String runId, int n, long seed) {
        List<TrialRecord> g0 = generation(runId, 0, n, seed);
        store.appendGeneration(runId, 0, g0);
        store.putRun(catalog(runId, EVALUATION));
        return g0;
    }

    private static List<TrialRecord> generation(String run, int g, int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<TrialRecord> out = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            Architecture a = SPACE.sample(rng);
            boolean failed = i == n - 1;
            Trial trial = failed
                    ? new Trial(a, 500, Map.of(), TrialStatus.FAILED, "java.lang.IllegalStateException: boom")
                    : new Trial(a, 500, Map.of(Metrics.ACCURACY, 0.8 + i / 100.0, Metrics.LOSS, 0.4, Metrics.MACS,
                    (double) SPACE.macs(a), Metrics.PARAMS, (double) SPACE.params(a)), TrialStatus.OK, null);
            out.add(new TrialRecord(run, (long) g * n + i, g, "random", trial,
                    new TrialRecord.Provenance(failed ? 0.5 : 1.25, "1", "cpu"), "sha-1", null, "1/42/1", T0));
        }
        return out;
    }

    @Test
    void trialsRoundTripWithEveryField() {
        ParquetTrialStore store = store();
        List<TrialRecord> g0 = generation("r1", 0, 4, 1);
        store.appendGeneration("r1", 0, g0);
        List<TrialRecord> back = store.trials("r1");
        assertEquals(g0, back);
        assertNull(back.get(3).trial().metrics().get(Metrics.ACCURACY));
        assertEquals("java.lang.IllegalStateException: boom", back.get(3).trial().error());
    }

    @Test
    void oneFilePerGenerationAndNoOtherRunIsTouched() throws Exception {
        ParquetTrialStore store = store();
        store.appendGeneration("a", 0, generation("a", 0, 5, 1));
        store.appendGeneration("b", 0, generation("b", 0, 5, 2));
        store.appendGeneration("a", 1, generation("a", 1, 5, 3));
        assertEquals(List.of("gen-00000.parquet", "gen-00001.parquet"), parquetFiles(root.resolve("trials/run_id=a")));
        assertEquals(List.of("gen-00000.parquet"), parquetFiles(root.resolve("trials/run_id=b")));
        assertEquals(10, store.trials("a").size());
        assertEquals(5, store.trials("b").size());
        assertThrows(IllegalStateException.class, () -> store.appendGeneration("a", 1, generation("a", 1, 5, 3)));
        assertEquals(10, store.trials("a").size());
        try (Stream<Path> all = Files.walk(root)) {
            assertEquals(List.of(), all.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".tmp") || n.endsWith(".pending")).toList(), "no temporary file is left behind");
        }
    }

    @Test
    void theWholeTableReadsBackWithRunIdAsPartitionAndMicrosecondTimestamps() {
        ParquetTrialStore store = store();
        store.appendGeneration("a", 0, generation("a", 0, 3, 1));
        store.appendGeneration("b", 0, generation("b", 0, 3, 2));
        SparkSession spark = SparkTestSession.get();
        Dataset<Row> all = spark.read().parquet(root.resolve("trials").toString());
        assertEquals(6, all.count());
        assertEquals(3, all.filter("run_id = 'b'").count());
        Row first = all.filter("run_id = 'a' and trial_id = 0").collectAsList().get(0);
        assertEquals(T0.truncatedTo(ChronoUnit.MICROS), RunRows.instant(first, "created_at"));
        assertEquals(SPACE.decode(SPACE.parse(first.getString(first.fieldIndex("arch_key")))).depths(),
                first.getList(first.fieldIndex("depths")));
    }

    @Test
    void reusableFindsOkTrialsOfAnyRunWithTheSameChecksumEvaluationAndFidelity() {
        ParquetTrialStore store = store();
        List<TrialRecord> g0 = measured(store, "a", 4, 1);
        Map<String, TrialRecord> reusable = store.reusable("sha-1", EVALUATION, 500);
        assertEquals(3, reusable.size(), "the failed trial is not reusable");
        assertEquals("a", reusable.get(g0.get(0).archKey()).runId());
        assertTrue(store.reusable("sha-2", EVALUATION, 500).isEmpty());
        assertTrue(store.reusable("sha-1", EVALUATION, 1000).isEmpty());
        assertTrue(store.reusable("sha-1", OTHER_CALIBRATION, 500).isEmpty(), "BatchNorm calibrated on other images");
    }

    /**
     * A run whose catalog row records no evaluation fingerprint (written before it existed), or that has
     * no catalog row, does not say how its trials were measured: none of them is reused. Its row still
     * reads back, without a fingerprint.
     */
    @Test
    void theTrialsOfARunWithoutAnEvaluationFingerprintAreNotReused() throws Exception {
        ParquetTrialStore store = store();
        List<TrialRecord> current = measured(store, "current", 4, 1);
        store.appendGeneration("older", 0, generation("older", 0, 4, 2));
        LegacyRunRows.writeWithoutEvaluationFingerprint(catalog("older", EVALUATION), root);
        store.appendGeneration("rowless", 0, generation("rowless", 0, 4, 3));

        assertNull(store.run("older").orElseThrow().evaluationFingerprint());
        assertEquals(catalog("older", null), store.run("older").orElseThrow());
        assertEquals(EVALUATION, store.run("current").orElseThrow().evaluationFingerprint());
        Map<String, TrialRecord> reusable = store.reusable("sha-1", EVALUATION, 500);
        assertEquals(Set.copyOf(current.subList(0, 3).stream().map(TrialRecord::archKey).toList()), reusable.keySet());
        reusable.values().forEach(t -> assertEquals("current", t.runId()));
    }

    /**
     * A writer replaces a catalog row by removing the old file, then renaming the complete pending one
     * into place: a search that looks in between still finds the row (and leaves the files as they are).
     */
    @Test
    void aRunWhoseCatalogRowIsBeingReplacedIsStillReused() throws Exception {
        ParquetTrialStore store = store();
        List<TrialRecord> g0 = measured(store, "a", 4, 1);
        Path file = root.resolve("runs/run_id=a/run.parquet");
        Path pending = root.resolve("runs/run_id=a/.run.parquet.pending");
        Files.move(file, pending);
        assertEquals(Set.copyOf(g0.subList(0, 3).stream().map(TrialRecord::archKey).toList()),
                store.reusable("sha-1", EVALUATION, 500).keySet());
        assertTrue(Files.notExists(file) && Files.exists(pending), "the writer's files are not touched");
    }

    /**
     * The tables carry their own checksums: a changed byte in a value is noticed on read without the
     * local .crc file (object stores keep none), the file named; another run's damaged file only takes
     * its trials out of reuse, it does not stop a search.
     */
    @Test
    void aChangedByteIsDetectedWithoutChecksumFilesAndOnlyTakesThatRunOutOfReuse() throws Exception {
        ParquetTrialStore store = store();
        List<TrialRecord> a = measured(store, "a", 4, 1);
        measured(store, "b", 4, 2);
        Path file = root.resolve("trials/run_id=b/gen-00000.parquet");
        FlippedByte.inColumn(file, "accuracy");

        org.sparknas.store.DamagedFileException e = assertThrows(org.sparknas.store.DamagedFileException.class,
                () -> store.trials("b"));
        assertTrue(e.getMessage().contains(file.getFileName().toString()) && e.getMessage().contains("is damaged"),
                e.getMessage());
        assertEquals(java.util.OptionalInt.of(0), e.generation());
        assertEquals(a, store.trials("a"));
        Map<String, TrialRecord> reusable = store.reusable("sha-1", EVALUATION, 500);
        assertEquals(3, reusable.size(), "run a's ok trials, none of the damaged run's: " + reusable.keySet());
        reusable.values().forEach(t -> assertEquals("a", t.runId()));
    }

    /** One run, one writer: a second lock of a live holder is refused; a dead holder's lock is taken over. */
    @Test
    void aRunHasOneWriterAtATimeAndADeadWritersLockIsTakenOver() throws Exception {
        ParquetTrialStore store = store();
        Path lock = root.resolve("runs/run_id=r/" + RunWriterLock.FILE);
        try (org.sparknas.store.RunLease first = store.lockRun("r")) {
            assertTrue(Files.exists(lock));
            ConfigException refused = assertThrows(ConfigException.class, () -> store.lockRun("r"));
            assertTrue(refused.getMessage().contains("run 'r' is being written by the driver "
                    + ProcessHandle.current().pid()), refused.getMessage());
            store.lockRun("other-run").close(); // other runs are not held up
        }
        assertTrue(Files.notExists(lock), "closing the lease gives the run up");

        // a holder whose process is gone (on this host): taken over at once
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        String host = java.net.InetAddress.getLocalHost().getHostName();
        Files.createDirectories(lock.getParent());
        Files.writeString(lock, new RunWriterLock.Holder(host, gone.pid(), "t1", T0).encode());
        store.lockRun("r").close();

        // a holder on another host: refused while its lock is fresh, taken over once nothing moved for long
        Files.writeString(lock, new RunWriterLock.Holder("elsewhere", 1, "t2", T0).encode());
        assertThrows(ConfigException.class, () -> store.lockRun("r"));
        Files.setLastModifiedTime(lock, java.nio.file.attribute.FileTime.from(
                Instant.now().minus(ParquetTrialStore.WRITER_STALE_AFTER).minusSeconds(60)));
        try (org.sparknas.store.RunLease taken = store.lockRun("r")) {
            assertTrue(Files.readString(lock).startsWith(host + "\n" + ProcessHandle.current().pid()));
        }
    }

    @Test
    void reusableKeepsRunIdsThatLookLikeNumbers() {
        ParquetTrialStore store = store();
        List<TrialRecord> g0 = measured(store, "007", 2, 4);
        assertEquals("007", store.reusable("sha-1", EVALUATION, 500).get(g0.get(0).archKey()).runId());
    }

    @Test
    void runCatalogRowIsReplacedAndRecoveredAfterAnInterruptedReplace() throws Exception {
        ParquetTrialStore store = store();
        RunRecord run = new RunRecord("r", 1, "{}", "digest", "sha", "ofa-fmnist", SPACE.fingerprint(), 42, "nsga2",
                List.of("max accuracy", "min macs"), List.of("macs <= 3000000.0"), 16, 500, RunStatus.RUNNING, T0, null, T0,
                8, 0, 0, 0, 0, 0, "local[2]", null);
        store.putRun(run);
        assertEquals(run, store.run("r").orElseThrow(), "no hypervolume yet: null columns read back as none");
        RunRecord later = run.progressed(3, 48, 47, 1, 2, T0.plusSeconds(60))
                .withHypervolume(new HypervolumeScale(List.of(1.0, 0.0), List.of(0.0, 1.0390272e7)), 0.6263912345678901);
        store.putRun(later);
        assertEquals(later, store.run("r").orElseThrow(), "the hypervolume and its scale round-trip exactly");
        assertEquals(List.of("run.parquet"), parquetFiles(root.resolve("runs/run_id=r")));

        Path file = root.resolve("runs/run_id=r/run.parquet");
        Path pending = root.resolve("runs/run_id=r/.run.parquet.pending");
        Files.move(file, pending);
        RunRecord recovered = store.run("r").orElseThrow();
        assertEquals(RunStatus.RUNNING, recovered.status());
        assertEquals(List.of("macs <= 3000000.0"), recovered.constraints());
        assertTrue(Files.exists(file));
        assertTrue(store.run("other").isEmpty());
    }

    /** A catalog row written before the hypervolume columns existed is read back without a hypervolume. */
    @Test
    void aCatalogRowWithoutTheHypervolumeColumnsIsReadAsOneWithoutAHypervolume() throws Exception {
        RunRecord run = new RunRecord("old", 1, "{}", "digest", "sha", "ofa-fmnist", SPACE.fingerprint(), 42, "nsga2",
                List.of("max accuracy", "min macs"), List.of(), 16, 500, RunStatus.FINISHED, T0, T0, T0,
                8, 8, 128, 128, 0, 0, "local[2]", null);
        LegacyRunRows.write(run, root);
        RunRecord read = store().run("old").orElseThrow();
        assertEquals(run, read);
        assertNull(read.hypervolumeScale());
        assertTrue(Double.isNaN(read.hypervolume()));
        assertEquals(List.of(run), new ParquetRunSource(new org.apache.hadoop.conf.Configuration(), root.toString()).runs());
    }

    @Test
    void paretoRowsRoundTrip() {
        ParquetTrialStore store = store();
        List<ParetoRecord> rows = List.of(
                new ParetoRecord("r", "[max accuracy, min macs]", 1, 3, 0, "k1", Map.of("accuracy", 0.9, "macs", 1e6)),
                new ParetoRecord("r", "[max accuracy, min macs]", 2, 5, 1, "k2", Map.of("accuracy", 0.8, "macs", 2e6)));
        store.putPareto("r", rows);
        assertEquals(rows, store.pareto("r"));
        store.putPareto("r", rows.subList(0, 1));
        assertEquals(rows.subList(0, 1), store.pareto("r"));
    }

    @Test
    void anUnwritableRootIsAConfigurationError() throws Exception {
        Path file = Files.writeString(root.resolve("not-a-dir"), "x");
        ParquetTrialStore store = new ParquetTrialStore(new Configuration(), file.resolve("sub").toString(), SPACE, METRICS);
        ConfigException e = assertThrows(ConfigException.class, store::checkWritable);
        assertTrue(e.getMessage().contains("not writable"), e.getMessage());
    }

    @Test
    void trialFilesWithDifferentMetricColumnsReadBackWithNullsAsSparkMergesThem() throws Exception {
        // gen 0 has a loss column and no latency; gen 1 has a latency column and no loss
        ParquetTrialStore before = new ParquetTrialStore(new Configuration(), root.toString(), SPACE,
                Set.of(Metrics.ACCURACY, Metrics.LOSS, Metrics.MACS));
        ParquetTrialStore after = new ParquetTrialStore(new Configuration(), root.toString(), SPACE,
                Set.of(Metrics.ACCURACY, Metrics.MACS, "latency_cpu_b1"));
        List<TrialRecord> g0 = withMetrics(generation("r", 0, 3, 5), Map.of(Metrics.ACCURACY, 0.81, Metrics.LOSS, 0.5,
                Metrics.MACS, 2e6));
        List<TrialRecord> g1 = withMetrics(generation("r", 1, 3, 6), Map.of(Metrics.ACCURACY, 0.83, Metrics.MACS, 3e6,
                "latency_cpu_b1", 1.75));
        before.appendGeneration("r", 0, g0);
        after.appendGeneration("r", 1, g1);

        List<TrialRecord> back = store().trials("r");
        assertEquals(concat(g0, g1), back);
        assertNull(back.get(0).trial().metrics().get("latency_cpu_b1"));
        assertNull(back.get(3).trial().metrics().get(Metrics.LOSS));

        Path dir = root.resolve("trials/run_id=r");
        List<Row> rows = new ParquetRowReader(org.apache.hadoop.fs.FileSystem.getLocal(new Configuration()), new Configuration())
                .directory(new org.apache.hadoop.fs.Path(dir.toString()));
        List<Row> spark = SparkTestSession.get().read().option("mergeSchema", "true").parquet(dir.toString())
                .orderBy("trial_id").collectAsList();
        assertEquals(Set.of(spark.get(0).schema().fieldNames()), Set.of(rows.get(0).schema().fieldNames()));
        for (int i = 0; i < rows.size(); i++) {
            for (String column : List.of(Metrics.ACCURACY, Metrics.LOSS, Metrics.MACS, "latency_cpu_b1", "error")) {
                assertEquals(spark.get(i).get(spark.get(i).fieldIndex(column)), rows.get(i).get(rows.get(i).fieldIndex(column)),
                        "trial " + i + " column " + column);
            }
        }
        assertTrue(rows.get(0).isNullAt(rows.get(0).fieldIndex("latency_cpu_b1")));
        assertTrue(rows.get(3).isNullAt(rows.get(3).fieldIndex(Metrics.LOSS)));
    }

    @Test
    void aRunIdOfDigitsStaysAString() {
        ParquetTrialStore store = store();
        List<TrialRecord> g0 = generation("007", 0, 2, 4);
        store.appendGeneration("007", 0, g0);
        RunRecord run = new RunRecord("007", 1, "{}", "digest", "sha", "ofa-fmnist", SPACE.fingerprint(), 42, "random",
                List.of("max accuracy"), List.of(), 2, 500, RunStatus.FINISHED, T0, T0, T0, 1, 1, 2, 1, 1, 0, "local[2]", null);
        store.putRun(run);
        assertEquals(g0, store.trials("007"));
        assertEquals("007", store.trials("007").get(0).runId());
        List<RunRecord> runs = new ParquetRunSource(new Configuration(), root.toString()).runs();
        assertEquals(List.of("007"), runs.stream().map(RunRecord::runId).toList());
        assertEquals(run, runs.get(0));
    }

    @Test
    void hiddenAndStagingFilesAreSkippedAndTrialsComeOrderedById() throws Exception {
        ParquetTrialStore store = store();
        List<TrialRecord> g0 = generation("r", 0, 4, 7);
        List<TrialRecord> reversed = new java.util.ArrayList<>(g0);
        java.util.Collections.reverse(reversed);
        store.appendGeneration("r", 0, reversed);
        Path dir = root.resolve("trials/run_id=r");
        // not Parquet at all: reading any of them would fail
        for (String hidden : List.of(".gen-00001.parquet.tmp", ".gen-00001.parquet.pending", "_SUCCESS", "_metadata.parquet",
                ".gen-00002.parquet", "notes.txt")) {
            Files.writeString(dir.resolve(hidden), "not parquet");
        }
        assertEquals(g0, store.trials("r"));
        assertEquals(List.of(0L, 1L, 2L, 3L), store.trials("r").stream().map(TrialRecord::trialId).toList());
    }

    @Test
    void aColumnOfATypeTheTablesNeverWriteIsNamedNotMisread() throws Exception {
        Path written = root.resolve("spark-written");
        SparkTestSession.get().sql("select cast(1 as bigint) as trial_id, cast(0.5 as float) as odd").coalesce(1)
                .write().parquet(written.toString());
        Path dir = Files.createDirectories(root.resolve("trials/run_id=r"));
        try (Stream<Path> files = Files.list(written)) {
            Path part = files.filter(p -> p.getFileName().toString().endsWith(".parquet")).findFirst().orElseThrow();
            Files.copy(part, dir.resolve("gen-00000.parquet"));
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> store().trials("r"));
        assertTrue(e.getMessage().contains("gen-00000.parquet") && e.getMessage().contains("column 'odd'"), e.getMessage());
    }

    private static List<TrialRecord> withMetrics(List<TrialRecord> records, Map<String, Double> metrics) {
        return records.stream().map(r -> {
            Trial t = r.trial();
            Trial changed = t.isOk() ? new Trial(t.architecture(), t.fidelity(), metrics, t.status(), t.error()) : t;
            return new TrialRecord(r.runId(), r.trialId(), r.generation(), r.strategy(), changed, r.provenance(),
                    r.supernetSha256(),
                    r.reusedFrom(), r.evaluatorId(), r.createdAt());
        }).toList();
    }

    private static List<TrialRecord> concat(List<TrialRecord> a, List<TrialRecord> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }

    private static List<String> parquetFiles(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".parquet") && !n.startsWith("."))
                    .sorted().toList();
        }
    }

}
