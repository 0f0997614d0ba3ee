package org.sparknas.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparknas.supernet.SupernetWeights;

/** train-supernet through the CLI: conf/train.conf with a tiny space and synthetic data laid over it. */
class TrainSupernetCommandTest {

    @TempDir
    Path tmp;

    /**
     * The real conf/train.conf, shrunk: a tiny space, synthetic images, one thread, progressive shrinking
     * with one-epoch phases (its phases are what the failure tests name); all-at-once is one option away.
     */
    private Path config() throws Exception {
        String text = "include file(\"" + Path.of("../conf/train.conf").toAbsolutePath().normalize() + "\")\n" + """
                space = null
                space {
                  type = ofa, name = tiny, input-channels = 1, num-classes = 10, resolutions = [12, 16]
                  stem { channels = 4, kernel = 3, stride = 2 }
                  stage-defaults { depths = [1, 2], kernels = [3, 5], expand-ratios = [2, 3] }
                  stages = [ { channels = 6, stride = 1 }, { channels = 8, stride = 2, se = true } ]
                  head { channels = 16 }
                }
                data { source = synthetic, validation-size = 64, calibration-size = 64, split-seed = 2 }
                threads = 1
                schedule = progressive
                progressive.largest.epochs = 1
                progressive.kernel.epochs = 1
                progressive.depth.epochs = 1
                progressive.expand.epochs = 2
                all-at-once.epochs = 3
                validation.images = 64
                progress.every-seconds = 0
                checkpoint.every-minutes = 0
                """;
        return Files.writeString(tmp.resolve("train.conf"), text);
    }

    private List<String> args(Path output, String... more) throws Exception {
        List<String> a = new ArrayList<>(List.of("train-supernet", "--config", config().toString(), "--output",
                output.toString()));
        a.addAll(List.of(more));
        return a;
    }

    private CliRun train(Path output, String... more) throws Exception {
        return CliRun.of(args(output, more).toArray(String[]::new));
    }

    @Test
    void trainsThenSaysAFinishedTrainingIsFinished() throws Exception {
        Path out = tmp.resolve("out");
        CliRun first = train(out, "--schedule", "all-at-once", "--weights", tmp.resolve("w/tiny.weights").toString());
        assertEquals(0, first.exitCode(), first.output());
        assertTrue(first.output().contains("[all-at-once 1/1] epoch 3/3 step 8/8"), first.output());
        assertTrue(first.output().contains("accuracy after BN re-calibration, held-out (64 images) and test set:"),
                first.output());
        SupernetWeights weights = SupernetWeights.read(tmp.resolve("w/tiny.weights"));
        assertEquals("all-at-once", weights.manifest().training().get("method"));
        assertTrue(weights.manifest().training().get("command").startsWith("train-supernet --config ")
                && weights.manifest().training().get("command").contains(" --schedule all-at-once --weights "),
                weights.manifest().training().get("command"));
        assertTrue(Files.exists(out.resolve("training-log.csv")) && Files.exists(out.resolve("training-curves.png")));

        CliRun second = train(out, "--schedule", "all-at-once", "--weights", tmp.resolve("w/tiny.weights").toString());
        assertEquals(0, second.exitCode(), second.output());
        assertTrue(second.output().contains("training already finished"), second.output());
    }

    @Test
    void badInputStopsWithExitCode2NamingTheKeyOrFile() throws Exception {
        Path out = tmp.resolve("out");
        assertConfigError(train(out, "--set", "optimiser.momentum=0.5"), "unknown key 'optimiser'");
        assertConfigError(train(out, "--schedule", "shrink"), "'schedule' (String: 1): must be one of progressive, all-at-once, got shrink");
        assertConfigError(train(out, "--set", "progressive.kernel.elastic=[resolution, kernel, width]"), "'width'");
        assertConfigError(CliRun.of("train-supernet", "--config", tmp.resolve("none.conf").toString()), "none.conf");
        Path checkpoints = Files.createDirectories(out.resolve("checkpoints"));
        Files.writeString(checkpoints.resolve("step-000000008-end-largest.ckpt"), "garbage");
        assertConfigError(train(out), "step-000000008-end-largest.ckpt is unreadable");
    }

    @Test
    void aDivergingLossStopsWithExitCode1() throws Exception {
        CliRun run = train(tmp.resolve("out"), "--set", "progressive.kernel.learning-rate=1e38");
        assertEquals(1, run.exitCode(), run.output());
        assertTrue(run.output().contains("training diverged") && run.output().contains("phase 2/4 'kernel'"), run.output());
    }

    @Test
    void aKilledTrainingResumesToTheWeightsOfAnUninterruptedOne() throws Exception {
        Path killed = tmp.resolve("killed");
        Process first = ChildJvm.start(tmp.resolve("first.log"), args(killed, "--set", "checkpoint.every-steps=3"));
        Path checkpoints = killed.resolve("checkpoints");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        // killed once the first phase's end checkpoint is in place: it is kept for good, while an interval
        // checkpoint is deleted as soon as the next one is written (waiting for "two files" could see the
        // moment both exist, and find one after the kill)
        while (count(checkpoints, "-end-largest.ckpt") < 1 && first.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        first.destroyForcibly().waitFor();
        assertEquals(1, count(checkpoints, "-end-largest.ckpt"), "no checkpoint before the kill: "
                + Files.readString(tmp.resolve("first.log")));
        assertTrue(Files.notExists(killed.resolve("supernet.weights")), "killed before the end: "
                + Files.readString(tmp.resolve("first.log")));

        CliRun resumed = train(killed, "--set", "checkpoint.every-steps=3");
        assertEquals(0, resumed.exitCode(), resumed.output());
        assertTrue(resumed.output().contains("resuming from"), resumed.output());
        CliRun straight = train(tmp.resolve("straight"));
        assertEquals(0, straight.exitCode(), straight.output());
        assertEquals(SupernetWeights.read(tmp.resolve("straight/supernet.weights")).checksum(),
                SupernetWeights.read(killed.resolve("supernet.weights")).checksum());
    }

    private static long count(Path dir, String suffix) throws Exception {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix)).count();
        }
    }

    private static void assertConfigError(CliRun run, String expected) {
        assertEquals(2, run.exitCode(), run.output());
        assertTrue(run.output().contains("error: ") && run.output().contains(expected),
                "expected '" + expected + "' in: " + run.output());
    }
}
