package org.sparknas.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparknas.config.ConfigException;
import org.sparknas.eval.EvaluatorProvider;
import org.sparknas.eval.SupernetEvaluatorProvider;
import org.sparknas.supernet.SupernetWeights;
import org.sparknas.supernet.TrainingInfo;

/** The whole job on synthetic data: outputs, manifest, idempotence, and the inputs it refuses. */
class TrainJobTest {

    @TempDir
    Path dir;

    /** The fixture's settings with the larger batch the job's synthetic source needs (1,064 training images). */
    private TrainSettings settings(String... overrides) {
        String[] all = new String[overrides.length + 1];
        all[0] = "batch-size = 128";
        System.arraycopy(overrides, 0, all, 1, overrides.length);
        return TrainFixtures.settings(dir.resolve("out"), all);
    }

    private record Run(TrainResult result, String printed) {
    }

    private static Run run(TrainSettings settings, boolean restart, boolean acceptChanges) {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
            TrainResult result = new TrainJob(settings, out).run(new TrainJob.Options(restart, acceptChanges, "test"));
            return new Run(result, printed.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void writesWeightsWithTheirRecipeAndSplitThenLogCurvesAndCheckpointsAndDoesNotTrainTwice() throws IOException {
        TrainSettings settings = settings();
        Run first = run(settings, false, false);
        TrainResult r = first.result();
        assertFalse(r.alreadyFinished());
        assertEquals(32, r.steps(), "4 phases of 8 steps");
        assertEquals(List.of("smallest", "median", "largest"), r.accuracies().stream().map(SubnetAccuracy::label).toList());
        // two choices per dimension: the median takes the upper middle, which is the largest
        assertEquals(r.accuracy("largest").macs(), r.accuracy("median").macs());
        assertTrue(r.accuracy("median").macs() > r.accuracy("smallest").macs());

        SupernetWeights weights = SupernetWeights.read(dir.resolve("out/supernet.weights"));
        assertEquals(r.checksum(), weights.checksum());
        TrainingInfo info = weights.manifest().training();
        assertEquals("progressive-shrinking", info.get("method"));
        assertEquals("synthetic", info.get("data-source"));
        assertEquals("64", info.get("data-validation-size"));
        assertEquals("3", info.get("data-split-seed"));
        assertEquals("32", info.get("steps"));
        assertEquals(String.format(java.util.Locale.ROOT, "%.4f", r.accuracy("largest").accuracy()),
                info.get("accuracy-largest"));
        // the test set is measured too, and recorded beside the held-out split (the synthetic source has 1,000 test images)
        assertEquals("1000", info.get("test-images"));
        assertEquals(String.format(java.util.Locale.ROOT, "%.4f", r.accuracy("smallest").testAccuracy()),
                info.get("test-accuracy-smallest"));
        assertTrue(r.accuracy("largest").testAccuracy() >= 0 && r.accuracy("largest").testAccuracy() <= 1);
        assertEquals(settings.recipe().get("phase-2"), info.get("phase-2"));
        assertEquals("test", info.get("command"));

        String csv = Files.readString(dir.resolve("out/training-log.csv"));
        assertTrue(csv.startsWith(LogRow.HEADER + "\n"), csv);
        // rows at global steps 5, 8, 10, 15, 16, 20, 24, 25, 30, 32: every 5 steps and at the end of each epoch,
        // then the final evaluation's, with what the manifest records
        String[] lines = csv.split("\n");
        assertEquals(1 + 10 + 1, lines.length, csv);
        LogRow last = TrainingLog.parse(csv.getBytes(java.nio.charset.StandardCharsets.UTF_8)).rows().get(10);
        assertTrue(last.isFinal(), lines[11]);
        assertEquals(32, last.globalStep());
        assertEquals(info.get("accuracy-largest"), String.format(java.util.Locale.ROOT, "%.4f", last.validationLargest()));
        assertEquals(info.get("test-accuracy-largest"), String.format(java.util.Locale.ROOT, "%.4f", last.testLargest()));
        assertEquals(info.get("test-accuracy-smallest"), String.format(java.util.Locale.ROOT, "%.4f", last.testSmallest()));
        BufferedImage png = ImageIO.read(dir.resolve("out/training-curves.png").toFile());
        assertNotNull(png);
        assertTrue(png.getWidth() > 800 && png.getHeight() > 800);
        assertEquals(List.of("step-000000008-end-largest.ckpt", "step-000000016-end-kernel.ckpt",
                "step-000000024-end-depth.ckpt", "step-000000032-end-expand.ckpt"),
                new CheckpointStore(dir.resolve("out").toString()).files());
        assertTrue(first.printed().contains("accuracy after BN re-calibration, held-out (64 images) and test set:"),
                first.printed());

        Run second = run(settings, false, false);
        assertTrue(second.result().alreadyFinished());
        assertTrue(second.printed().contains("training already finished"), second.printed());
        assertEquals(r.checksum(), second.result().checksum());
        assertEquals(r.accuracy("smallest").accuracy(), second.result().accuracy("smallest").accuracy(), 1e-4);
        assertEquals(r.accuracy("smallest").testAccuracy(), second.result().accuracy("smallest").testAccuracy(), 1e-4);

        // weights lost after training: the next run measures again from the end checkpoint and writes the
        // same file, and the log ends with one final row, not two
        Files.delete(dir.resolve("out/supernet.weights"));
        Run third = run(settings, false, false);
        assertFalse(third.result().alreadyFinished());
        assertEquals(r.checksum(), third.result().checksum());
        List<LogRow> again = TrainingLog.parse(Files.readAllBytes(dir.resolve("out/training-log.csv"))).rows();
        assertEquals(11, again.size());
        assertEquals(1, again.stream().filter(LogRow::isFinal).count());
        assertEquals(last.testSmallest(), again.get(10).testSmallest());
    }

    @Test
    void theSearchAcceptsTheTrainedSplitAndRefusesAnother() {
        run(settings(), false, false);
        String weights = dir.resolve("out/supernet.weights").toString();
        String search = TrainFixtures.TINY_SPACE + "supernet.weights = \"" + weights + "\"\n"
                + "data { source = synthetic, validation-size = 64, calibration-size = 64, split-seed = 3 }\n";
        SupernetEvaluatorProvider provider = new SupernetEvaluatorProvider();
        var space = settings().space();
        assertNotNull(provider.prepare(space, ConfigFactory.parseString(search), LOCAL).factory());
        for (String other : List.of("data.split-seed = 4", "data.validation-size = 80", "data.source = fashion-mnist")) {
            ConfigException e = assertThrows(ConfigException.class,
                    () -> provider.prepare(space, ConfigFactory.parseString(search + other), LOCAL));
            String key = other.substring(0, other.indexOf(' '));
            assertTrue(e.getMessage().contains(key + " = ") && e.getMessage().contains("trained"), e.getMessage());
        }
    }

    @Test
    void aDamagedCheckpointIsRefusedByName() throws IOException {
        TrainSettings settings = settings("checkpoint.every-steps = 3");
        run(settings, false, false);
        // interval checkpoints make way for newer ones; those at the end of each phase stay
        assertEquals(4, new CheckpointStore(dir.resolve("out").toString()).files().size());
        Path newest = dir.resolve("out/checkpoints/step-000000032-end-expand.ckpt");
        byte[] bytes = Files.readAllBytes(newest);
        Files.write(newest, java.util.Arrays.copyOf(bytes, bytes.length - 100));
        ConfigException e = assertThrows(ConfigException.class, () -> run(settings, false, false));
        assertTrue(e.getMessage().contains(newest.toString()) && e.getMessage().contains("truncated"), e.getMessage());
        bytes[bytes.length / 2] ^= 0x5A;
        Files.write(newest, bytes);
        e = assertThrows(ConfigException.class, () -> run(settings, false, false));
        assertTrue(e.getMessage().contains(newest.toString()) && e.getMessage().contains("SHA-256"), e.getMessage());
        Files.writeString(newest, "not a checkpoint");
        e = assertThrows(ConfigException.class, () -> run(settings, false, false));
        assertTrue(e.getMessage().contains("not a sparknas training checkpoint"), e.getMessage());
        // --restart starts over instead
        assertFalse(run(settings, true, false).result().alreadyFinished());
    }

    @Test
    void resumingWithOtherSettingsIsRefusedNamingThemUnlessChangesAreAccepted() {
        TrainSettings settings = settings();
        run(settings, false, false);
        TrainSettings changed = settings("progressive.expand.learning-rate = 0.01");
        ConfigException e = assertThrows(ConfigException.class, () -> run(changed, false, false));
        assertTrue(e.getMessage().contains("phase-4: checkpoint 'expand: elastic=resolution+kernel+depth+expand epochs=1 "
                + "learning-rate=0.03"), e.getMessage());
        assertTrue(e.getMessage().contains("--accept-changes"), e.getMessage());
        Run accepted = run(changed, false, true);
        assertTrue(accepted.printed().contains("resuming from") && accepted.printed().contains("with changed settings"),
                accepted.printed());
        // what decides which images are held out can never change under a checkpoint
        ConfigException split = assertThrows(ConfigException.class, () -> run(settings("data.split-seed = 9"), false, true));
        assertTrue(split.getMessage().contains("data-split-seed") && !split.getMessage().contains("--accept-changes"),
                split.getMessage());
    }

    @Test
    void dataThatDoesNotFitTheSpaceIsRefusedNamingTheKeys() {
        ConfigException e = assertThrows(ConfigException.class, () -> run(settings("space.input-channels = 3"), false, false));
        assertTrue(e.getMessage().contains("the images have 1 channel(s) but space.input-channels = 3"),
                e.getMessage());
        e = assertThrows(ConfigException.class, () -> run(settings("space.num-classes = 12"), false, false));
        assertTrue(e.getMessage().contains("space.num-classes = 12"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> run(settings("batch-size = 2000"), false, false));
        assertTrue(e.getMessage().contains("'batch-size'"), e.getMessage());
    }

    private static final EvaluatorProvider.FileReader LOCAL = EvaluatorProvider.FileReader.local();
}
