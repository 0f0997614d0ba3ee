package org.sparknas.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparknas.space.SearchSpaces;
import org.sparknas.store.TrialRecord;
import org.sparknas.store.parquet.ParquetTrialStore;
import org.sparknas.strategy.Trial;

/**
 * A search gives the same trials (architectures, fidelities, every metric, status) whether the
 * images are broadcast or read by the executors, on one task slot or two: accuracy at fidelity F is
 * always the first F validation images. How the images travel does not change the run id either.
 */
class DeliveryDeterminismTest {

    @TempDir
    Path tmp;

    private CliRun search(String name, String master, String delivery) {
        return CliRun.of("search", "--config", "../conf/search.conf", "--output", tmp.resolve(name).toString(),
                "--set", "supernet.weights=../supernet/ofa-fmnist.weights",
                "--set", "data.source=synthetic", "--set", "data.validation-size=300", "--set", "data.calibration-size=400",
                "--set", "data.delivery=" + delivery, "--set", "data.cache-dir=" + SearchCommand.quote(tmp.resolve("cache").toString()),
                "--generation-size", "4", "--generations", "2", "--fidelity", "150", "--seed", "5",
                "--set", "spark.master=" + master, "--set", "spark.conf.\"spark.ui.enabled\"=false");
    }

    @Test
    void broadcastAndExecutorsOnOneOrTwoSlotsGiveIdenticalTrials() throws Exception {
        CliRun broadcast = search("broadcast", "local[2]", "broadcast");
        assertEquals(0, broadcast.exitCode(), broadcast.output());
        assertTrue(broadcast.output().contains("images broadcast (data.delivery = broadcast): 700 images of 784 bytes"),
                broadcast.output());
        List<Trial> expected = trials("broadcast");
        assertEquals(8, expected.size());
        assertTrue(expected.stream().allMatch(Trial::isOk), expected.toString());

        for (String master : new String[] {"local[1]", "local[2]"}) {
            String name = "executors-" + master.replaceAll("\\W", "");
            CliRun read = search(name, master, "executors");
            assertEquals(0, read.exitCode(), read.output());
            assertTrue(read.output().contains("images read by each executor (data.delivery = executors)"), read.output());
            assertEquals(expected, trials(name), "executors reading the images on " + master);
            assertEquals(runId("broadcast"), runId(name), "the delivery is not part of the run id");
        }
        try (Stream<Path> cached = Files.list(tmp.resolve("cache"))) {
            assertEquals(2, cached.filter(p -> p.toString().endsWith(".images")).count(),
                    "one file each for calibration and validation: both searches that read them named them alike");
        }
    }

    private List<Trial> trials(String name) throws Exception {
        ParquetTrialStore store = new ParquetTrialStore(new Configuration(), tmp.resolve(name).toString(),
                SearchSpaces.load(Path.of("../conf/spaces/ofa-fmnist.conf")), Set.of());
        List<TrialRecord> records = store.trials(runId(name));
        assertFalse(records.isEmpty());
        return records.stream().sorted(Comparator.comparingLong(TrialRecord::trialId)).map(TrialRecord::trial).toList();
    }

    private String runId(String name) throws Exception {
        try (Stream<Path> dirs = Files.list(tmp.resolve(name).resolve("trials"))) {
            List<String> ids = dirs.map(p -> p.getFileName().toString()).toList();
            assertEquals(1, ids.size(), ids.toString());
            return ids.get(0).substring("run_id=".length());
        }
    }
}
