package org.sparknas.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparknas.space.SearchSpaces;
import org.sparknas.store.RunStatus;
import org.sparknas.store.TrialRecord;
import org.sparknas.store.parquet.ParquetTrialStore;

/**
 * Kills the driver JVM in the middle of a search with SIGKILL, re-runs the same command, and checks
 * that the resumed run ends with exactly the trials of an uninterrupted run with the same seed.
 */
class ResumeAfterKillTest {

    @TempDir
    Path tmp;

    private static List<String> search(Path output) {
        return List.of("search", "--config", "../conf/search.conf", "--output", output.toString(), "--run-id", "killed",
                "--generation-size", "4", "--generations", "7", "--fidelity", "100", "--seed", "11",
                "--set", "evaluator.provider=org.sparknas.search.FormulaEvaluatorProvider",
                "--set", "evaluator.settings.sleep-ms=400",
                "--set", "spark.master=local[2]", "--set", "spark.conf.\"spark.ui.enabled\"=false");
    }

    @Test
    void aKilledDriverResumesToTheUninterruptedTrials() throws Exception {
        Path killedRoot = tmp.resolve("killed");
        Process first = ChildJvm.start(tmp.resolve("first.log"), search(killedRoot));
        Path thirdGeneration = killedRoot.resolve("trials/run_id=killed/gen-00002.parquet");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.exists(thirdGeneration) && first.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(Files.exists(thirdGeneration), "the run never reached its third generation: "
                + Files.readString(tmp.resolve("first.log")));
        first.destroyForcibly().waitFor();
        assertTrue(Files.notExists(killedRoot.resolve("trials/run_id=killed/gen-00006.parquet")), "killed before the end");

        Process resumed = ChildJvm.start(tmp.resolve("resumed.log"), search(killedRoot));
        assertEquals(0, resumed.waitFor(), Files.readString(tmp.resolve("resumed.log")));
        String resumedLog = Files.readString(tmp.resolve("resumed.log"));
        assertTrue(resumedLog.contains("resuming: replaying"), resumedLog);

        Path straightRoot = tmp.resolve("straight");
        Process straight = ChildJvm.start(tmp.resolve("straight.log"), search(straightRoot));
        assertEquals(0, straight.waitFor(), Files.readString(tmp.resolve("straight.log")));

        var space = SearchSpaces.load(Path.of("../conf/spaces/ofa-fmnist.conf"));
        Set<String> metrics = Set.of("accuracy", "loss", "macs", "params");
        ParquetTrialStore killed = new ParquetTrialStore(new Configuration(), killedRoot.toString(), space, metrics);
        ParquetTrialStore uninterrupted = new ParquetTrialStore(new Configuration(), straightRoot.toString(), space, metrics);
        List<TrialRecord> a = killed.trials("killed");
        List<TrialRecord> b = uninterrupted.trials("killed");
        assertEquals(28, a.size());
        assertEquals(comparable(b), comparable(a));
        assertEquals(RunStatus.FINISHED, killed.run("killed").orElseThrow().status());
    }

    static List<String> comparable(List<TrialRecord> trials) {
        return trials.stream().map(t -> t.trialId() + " " + t.generation() + " " + t.archKey() + " "
                + t.trial().status() + " " + new java.util.TreeMap<>(t.trial().metrics())).toList();
    }
}
