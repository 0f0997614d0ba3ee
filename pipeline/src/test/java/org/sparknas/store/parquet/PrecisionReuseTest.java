package org.sparknas.store.parquet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparknas.data.DataSettings;
import org.sparknas.search.EvaluationFingerprint;
import org.sparknas.space.Architecture;
import org.sparknas.space.OfaSpace;
import org.sparknas.space.SearchSpaces;
import org.sparknas.store.RunRecord;
import org.sparknas.store.RunStatus;
import org.sparknas.store.TrialRecord;
import org.sparknas.strategy.Metrics;
import org.sparknas.strategy.Trial;
import org.sparknas.strategy.TrialStatus;

/**
 * ofa-fmnist and ofa-fmnist-int8 share the bundled supernet, so their runs can share an output root
 * and a supernet checksum; a search reuses only the trials of runs of its own space.
 */
class PrecisionReuseTest {

    private static final OfaSpace PLAIN = (OfaSpace) SearchSpaces.load(Path.of("../conf/spaces/ofa-fmnist.conf"));
    private static final OfaSpace INT8 = (OfaSpace) SearchSpaces.load(Path.of("../conf/spaces/ofa-fmnist-int8.conf"));
    private static final Set<String> METRICS = Set.of(Metrics.ACCURACY, Metrics.MACS);
    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");
    /** Both spaces' runs measure on the same images: only the space tells their trials apart. */
    private static final String EVALUATION = EvaluationFingerprint.of(EvaluationFingerprint.SUPERNET_PROVIDER, "",
            new DataSettings(DataSettings.FASHION_MNIST, "data/fashion-mnist", 5000, 2000, 0), 200);

    @TempDir
    Path root;

    private ParquetTrialStore store(OfaSpace space) {
        return new ParquetTrialStore(new Configuration(), root.toString(), space, METRICS);
    }

    /** A run of {@code space}: its catalog row and one generation of {@code n} ok trials on supernet sha-1. */
    private List<TrialRecord> run(OfaSpace space, String runId, int n, long seed) {
        ParquetTrialStore store = store(space);
        store.putRun(new RunRecord(runId, 1, "{}", "digest", "sha-1", space.name(), space.fingerprint(), seed, "random",
                List.of("max accuracy", "min macs"), List.of(), n, 500, RunStatus.RUNNING, T0, null, T0, 1, 0, 0, 0, 0, 0,
                "local[2]", null).withEvaluationFingerprint(EVALUATION));
        SplittableRandom rng = new SplittableRandom(seed);
        List<TrialRecord> trials = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            Architecture a = space.sample(rng);
            Trial trial = new Trial(a, 500, Map.of(Metrics.ACCURACY, 0.8, Metrics.MACS, (double) space.macs(a)),
                    TrialStatus.OK, null);
            trials.add(new TrialRecord(runId, i, 0, "random", trial, new TrialRecord.Provenance(1.0, "1", "cpu"), "sha-1",
                    null, "1/42/1", T0));
        }
        store.appendGeneration(runId, 0, trials);
        return trials;
    }

    @Test
    void aSearchReusesOnlyTheTrialsOfRunsOfItsOwnSpace() {
        List<TrialRecord> plain = run(PLAIN, "plain", 4, 1);
        List<TrialRecord> int8 = run(INT8, "int8", 5, 2);
        assertNotEquals(PLAIN.fingerprint(), INT8.fingerprint());

        Map<String, TrialRecord> forInt8 = store(INT8).reusable("sha-1", EVALUATION, 500);
        assertEquals(Set.copyOf(int8.stream().map(TrialRecord::archKey).toList()), forInt8.keySet());
        Map<String, TrialRecord> forPlain = store(PLAIN).reusable("sha-1", EVALUATION, 500);
        assertEquals(Set.copyOf(plain.stream().map(TrialRecord::archKey).toList()), forPlain.keySet());
    }
}
