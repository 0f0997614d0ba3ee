package org.sparknas.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparknas.data.DataSplit;
import org.sparknas.supernet.ElasticSupernet;
import org.sparknas.supernet.InputNormalization;

/** The training loop on a tiny space: exact resume, divergence, what the log records. */
class SupernetTrainerTest {

    @TempDir
    Path dir;

    private static final DataSplit SPLIT = TrainFixtures.split();
    private static final InputNormalization NORMALIZATION = PixelStatistics.of(SPLIT.training());

    /** A training session in its own NDManager: the state a fresh JVM would have. */
    private record Session(Map<String, float[]> weights, TrainingLog log, String printed) {
    }

    private Session session(TrainSettings settings, long until) {
        org.sparknas.supernet.DjlRuntime.configure(settings.threads());
        CheckpointStore store = new CheckpointStore(settings.output());
        Optional<CheckpointStore.Stored> resume = store.latest();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (NDManager manager = NDManager.newBaseManager();
             PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
            ElasticSupernet supernet = TrainJob.supernet(settings, resume, manager);
            SupernetTrainer trainer = new SupernetTrainer(settings, supernet, manager, NORMALIZATION, SPLIT, store, out);
            resume.ifPresent(trainer::resume);
            trainer.runUntil(until);
            Map<String, float[]> weights = new LinkedHashMap<>();
            for (Pair<String, Parameter> p : supernet.getDirectParameters()) {
                weights.put(p.getKey(), p.getValue().getArray().toFloatArray());
            }
            return new Session(weights, trainer.log(), printed.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void resumingFromACheckpointGivesTheWeightsOfAnUninterruptedRun() {
        Session uninterrupted = session(TrainFixtures.settings(dir.resolve("straight")), Long.MAX_VALUE);
        // killed after step 13 (phase 2, mid-epoch), right after its checkpoint; then after step 30, the end of
        // phase 3, so the resumed session must itself re-order the channels for the expand phase
        TrainSettings interrupted = TrainFixtures.settings(dir.resolve("resumed"), "checkpoint.every-steps = 13");
        session(interrupted, 13);
        Session second = session(interrupted, 30);
        assertTrue(second.printed().contains("resuming") || second.printed().contains("phase 2/4"), second.printed());
        Session third = session(interrupted, Long.MAX_VALUE);
        assertTrue(third.printed().contains("re-ordered every block's middle channels"), third.printed());
        assertFalse(second.printed().contains("re-ordered"), "no re-ordering before the expand phase");

        assertEquals(uninterrupted.weights().keySet(), third.weights().keySet());
        uninterrupted.weights().forEach((name, values) ->
                assertArrayEquals(values, third.weights().get(name), 0f, name + " differs after resuming"));
        assertEquals(withoutTime(uninterrupted.log()), withoutTime(third.log()));
        assertEquals(40, uninterrupted.log().rows().get(uninterrupted.log().size() - 1).globalStep());
    }

    @Test
    void theLogHasARowPerIntervalAndPerEpochWithValidationAtEpochEnds() {
        Session s = session(TrainFixtures.settings(dir), Long.MAX_VALUE);
        List<LogRow> rows = s.log().rows();
        // 4 phases of 10 steps: a row every 5 steps, the one at each epoch's end carrying held-out accuracies
        assertEquals(List.of(5L, 10L, 15L, 20L, 25L, 30L, 35L, 40L), rows.stream().map(LogRow::globalStep).toList());
        for (LogRow r : rows) {
            assertEquals(r.globalStep() % 10 == 0, r.validated(), "row " + r);
            assertEquals(r.validated(), !Double.isNaN(r.testLargest()) && !Double.isNaN(r.testSmallest()),
                    "the test set is measured beside the held-out images: " + r);
            assertEquals(r.phase().equals("largest"), Double.isNaN(r.subnetLoss()), "sub-networks are trained after phase 1");
            assertTrue(r.largestLoss() > 0 && r.largestAccuracy() >= 0 && r.largestAccuracy() <= 1);
        }
        LogRow last = rows.get(rows.size() - 1);
        assertTrue(last.validationLargest() > 0.3, "the tiny net learns the synthetic classes: " + last);
        assertTrue(s.printed().contains("[expand 4/4] epoch 1/1 step 10/10"), s.printed());
        assertTrue(s.printed().matches("(?s).*\\[expand 4/4] epoch 1/1 done: held-out accuracy \\(32 images, BN re-calibrated\\)"
                + " largest [0-9.]+, smallest [0-9.]+; test set \\(32 images\\) largest [0-9.]+, smallest [0-9.]+\\R.*"),
                s.printed());
        assertTrue(s.printed().contains("ETA"), s.printed());
        List<String> files = new CheckpointStore(dir.toString()).files();
        assertEquals(List.of("step-000000010-end-largest.ckpt", "step-000000020-end-kernel.ckpt",
                "step-000000030-end-depth.ckpt", "step-000000040-end-expand.ckpt"), files);
    }

    @Test
    void aLossThatIsNotFiniteStopsWithStepPhaseAndLearningRateAndKeepsTheLastCheckpoint() {
        TrainSettings settings = TrainFixtures.settings(dir, "progressive.kernel.learning-rate = 1e38");
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> session(settings, Long.MAX_VALUE));
        String m = e.getMessage();
        assertTrue(m.contains("phase 2/4 'kernel'"), m);
        assertTrue(m.matches("(?s).*at global step 1[1-9] .*"), m);
        assertTrue(m.matches("(?s).*with learning rate [0-9.]+e\\+37.*"), m);
        assertTrue(m.contains("step-000000010-end-largest.ckpt"), m);
        assertEquals(List.of("step-000000010-end-largest.ckpt"), new CheckpointStore(dir.toString()).files());
    }

    private static List<String> withoutTime(TrainingLog log) {
        return log.rows().stream().map(r -> r.globalStep() + " " + r.phase() + " " + r.learningRate() + " " + r.largestLoss()
                + " " + r.largestAccuracy() + " " + r.subnetLoss() + " " + r.subnetAccuracy() + " " + r.validationLargest()
                + " " + r.validationSmallest() + " " + r.testLargest() + " " + r.testSmallest()).toList();
    }
}
