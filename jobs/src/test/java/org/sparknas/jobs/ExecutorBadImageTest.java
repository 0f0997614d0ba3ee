package org.sparknas.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparknas.space.SearchSpaces;
import org.sparknas.store.RunStatus;
import org.sparknas.store.parquet.ParquetTrialStore;

/**
 * An image the executors cannot read stops the search as a configuration error (exit 2) naming the
 * image, with the run marked failed and no trial recorded, instead of one failed trial per candidate.
 */
class ExecutorBadImageTest {

    @TempDir
    Path tmp;

    @Test
    void anImageTheExecutorsCannotReadStopsTheSearchWithExitCode2() throws Exception {
        Path out = tmp.resolve("out");
        CliRun run = CliRun.of("search", "--config", "../conf/search.conf", "--output", out.toString(), "--run-id", "bad",
                "--generation-size", "4", "--generations", "2", "--fidelity", "100",
                "--set", "evaluator.provider=" + UnreadableImagesProvider.class.getName(),
                "--set", "spark.master=local[2]", "--set", "spark.conf.\"spark.ui.enabled\"=false");
        assertEquals(Main.EXIT_CONFIG, run.exitCode(), run.output());
        String error = run.output().lines().filter(l -> l.startsWith("error: ")).findFirst().orElse(run.output());
        assertTrue(error.contains("an executor stopped on bad input: cannot decode image " + UnreadableImagesProvider.IMAGE)
                && error.contains("re-run the same command"), error);
        assertFalse(run.output().contains("[gen 1/2] evaluated"), "no generation was recorded: " + run.output());

        ParquetTrialStore store = new ParquetTrialStore(new Configuration(), out.toString(),
                SearchSpaces.load(Path.of("../conf/spaces/ofa-fmnist.conf")), Set.of());
        assertEquals(RunStatus.FAILED, store.run("bad").orElseThrow().status());
        assertTrue(store.trials("bad").isEmpty());
    }
}
