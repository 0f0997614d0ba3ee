package org.sparknas.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparknas.data.DataSplit;
import org.sparknas.data.SplitPlan;
import org.sparknas.data.SyntheticImages;
import org.sparknas.supernet.DjlRuntime;
import org.sparknas.supernet.ElasticSupernet;

/** The final measurement of a supernet, with and without a test set (an image folder given no data.test-path). */
class FinalEvaluationTest {

    @TempDir
    Path tmp;

    private List<SubnetAccuracy> measure(DataSplit split) {
        TrainSettings settings = TrainFixtures.settings(tmp);
        DjlRuntime.configure(1);
        try (NDManager manager = NDManager.newBaseManager()) {
            ElasticSupernet supernet = TrainJob.supernet(settings, Optional.empty(), manager);
            return FinalEvaluation.measure(supernet, split, PixelStatistics.of(split.training()), 32);
        }
    }

    @Test
    void withoutATestSetOnlyHeldOutAccuracyIsMeasuredAndRecorded() {
        DataSplit split = DataSplit.of(SyntheticImages.fashionLike(400, 0, 11), new SplitPlan(64, 64, 3));
        assertEquals(0, split.testImages().count());
        List<SubnetAccuracy> accuracies = measure(split);
        assertEquals(List.of("smallest", "median", "largest"), accuracies.stream().map(SubnetAccuracy::label).toList());
        for (SubnetAccuracy a : accuracies) {
            assertTrue(a.accuracy() >= 0 && a.accuracy() <= 1, a.toString());
            assertTrue(Double.isNaN(a.testAccuracy()) && Double.isNaN(a.testLoss()), a.toString());
        }
        Map<String, String> info = new TreeMap<>();
        FinalEvaluation.record(accuracies, split, info);
        assertEquals("0", info.get("test-images"));
        assertTrue(info.containsKey("accuracy-largest"));
        assertFalse(info.keySet().stream().anyMatch(k -> k.startsWith("test-accuracy") || k.startsWith("test-loss")),
                info.toString());
    }

    @Test
    void withATestSetBothAreMeasured() {
        DataSplit split = TrainFixtures.split();
        List<SubnetAccuracy> accuracies = measure(split);
        Map<String, String> info = new TreeMap<>();
        FinalEvaluation.record(accuracies, split, info);
        assertEquals("40", info.get("test-images"));
        for (SubnetAccuracy a : accuracies) {
            assertTrue(a.testAccuracy() >= 0 && a.testAccuracy() <= 1, a.toString());
            assertEquals(FinalEvaluation.decimals(a.testAccuracy()), info.get("test-accuracy-" + a.label()));
        }
    }
}
