package org.sparknas.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparknas.space.SearchSpaces;
import org.sparknas.store.RunStatus;
import org.sparknas.store.parquet.ParquetTrialStore;

/**
 * The same run started twice into one output root: the second driver is refused with a clear
 * message and writes nothing; the first finishes, its catalog row true and whole.
 */
class SameRunTwiceTest {

    @TempDir
    Path tmp;

    private static List<String> search(Path output) {
        return List.of("search", "--config", "../conf/search.conf", "--output", output.toString(), "--run-id", "twice",
                "--generation-size", "4", "--generations", "4", "--fidelity", "100", "--seed", "3",
                "--set", "evaluator.provider=org.sparknas.search.FormulaEvaluatorProvider",
                "--set", "evaluator.settings.sleep-ms=1500",
                "--set", "spark.master=local[1]", "--set", "spark.conf.\"spark.ui.enabled\"=false");
    }

    @Test
    void aSecondDriverOfALiveRunIsRefusedAndTheFirstFinishes() throws Exception {
        Path root = tmp.resolve("out");
        Process first = ChildJvm.start(tmp.resolve("first.log"), search(root));
        Path catalog = root.resolve("runs/run_id=twice/run.parquet");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.exists(catalog) && first.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(Files.exists(catalog), "the first run never started: " + Files.readString(tmp.resolve("first.log")));

        CliRun second = CliRun.of(search(root).toArray(String[]::new));
        assertEquals(2, second.exitCode(), second.output());
        assertTrue(second.output().contains("run 'twice' is being written by the driver " + first.pid()), second.output());
        assertTrue(first.isAlive(), "the second driver was refused while the first still ran");

        assertEquals(0, first.waitFor(), Files.readString(tmp.resolve("first.log")));
        ParquetTrialStore store = new ParquetTrialStore(new Configuration(), root.toString(),
                SearchSpaces.load(Path.of("../conf/spaces/ofa-fmnist.conf")), java.util.Set.of());
        assertEquals(RunStatus.FINISHED, store.run("twice").orElseThrow().status());
        assertEquals(16, store.trials("twice").size());
        assertEquals(16, store.run("twice").orElseThrow().trialsTotal());
        assertTrue(CliRun.of(search(root).toArray(String[]::new)).output().contains("already finished"),
                "once the first driver is done, the run is free again");
    }
}
