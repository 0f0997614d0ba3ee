package org.sparknas.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparknas.config.ConfigException;

/** The configuration: the default file, the phase schedule it gives, and what it refuses. */
class TrainConfigTest {

    @TempDir
    Path dir;

    @Test
    void theDefaultConfigurationTrainsEveryDimensionFromTheFirstStepOnTheSearchSplit() {
        TrainSettings s = TrainConfig.load(Path.of("../conf/train.conf"), Map.of());
        assertEquals(Schedule.ALL_AT_ONCE, s.schedule());
        assertEquals("ofa-fmnist", s.space().name());
        assertEquals(1, s.phases().size());
        assertEquals(EnumSet.allOf(ElasticDimension.class), s.phases().get(0).elastic());
        assertEquals("all-at-once", s.phases().get(0).name());
        assertEquals("all-at-once", s.recipe().get("schedule"));
        assertEquals(2, s.phases().get(0).subnets(), "the sandwich: largest, smallest and one random sub-network");
        // the split the search uses (conf/search.conf's data block)
        assertEquals("fashion-mnist", s.data().source());
        assertEquals(5000, s.data().validationSize());
        assertEquals("out/train-supernet/supernet.weights", s.weights());
    }

    @Test
    void progressiveShrinkingIsOnceForAllsOrder() {
        TrainSettings s = TrainConfig.load(Path.of("../conf/train.conf"), Map.of("schedule", "progressive"));
        assertEquals(Schedule.PROGRESSIVE, s.schedule());
        assertEquals(List.of("largest", "kernel", "depth", "expand"), s.phases().stream().map(Phase::name).toList());
        assertEquals(EnumSet.noneOf(ElasticDimension.class), s.phases().get(0).elastic(), "the largest network at the largest resolution");
        assertEquals(EnumSet.of(ElasticDimension.RESOLUTION, ElasticDimension.KERNEL), s.phases().get(1).elastic());
        assertEquals(EnumSet.of(ElasticDimension.RESOLUTION, ElasticDimension.KERNEL, ElasticDimension.DEPTH),
                s.phases().get(2).elastic());
        assertEquals(EnumSet.allOf(ElasticDimension.class), s.phases().get(3).elastic());
        assertEquals(0, s.phases().get(0).subnets(), "the first phase trains the largest network only");
        assertTrue(s.phases().get(3).subnets() > 0);
        assertEquals("progressive", s.recipe().get("schedule"));
    }

    @Test
    void theRecipeHoldsWhatDecidesTheWeightsAndNotThreadsOrPaths() {
        TrainSettings a = TrainFixtures.settings(dir);
        TrainSettings b = TrainFixtures.settings(dir.resolve("elsewhere"), "threads = 2", "checkpoint.every-steps = 3");
        assertEquals(a.recipe(), b.recipe());
        TrainSettings c = TrainFixtures.settings(dir, "progressive.expand.learning-rate = 0.02");
        assertEquals("expand: elastic=resolution+kernel+depth+expand epochs=1 learning-rate=0.02 warmup-epochs=0 subnets=2",
                c.recipe().get("phase-4"));
        assertEquals("3", a.recipe().get("data-split-seed"));
    }

    @Test
    void refusesUnknownKeysNamingThem() {
        assertRefused("'optimizer.nesterow'", "optimizer.nesterow = true");
        assertRefused("'bach-size'", "bach-size = 3");
        assertRefused("'progressive.kernel.epoch'", "progressive.kernel.epoch = 1");
        assertRefused("'progressive.widht'", "progressive.widht { epochs = 1 }");
    }

    @Test
    void refusesAScheduleThatDoesNotFitTheSpace() {
        assertRefused("elastic dimension 'width'", "progressive.largest.elastic = [width]");
        assertRefused("drops kernel", "progressive.depth.elastic = [resolution, depth]");
        assertRefused("leaves expand fixed", "progressive.expand.elastic = [resolution, kernel, depth]");
        assertRefused("unknown key 'progressive.expand'", "progressive.phases = [largest, kernel, depth]");
        // a space without a choice of kernel: a phase cannot make the kernel elastic
        assertRefused("single kernel choice", "space.stage-defaults.kernels = [3]");
        assertRefused("names a phase twice", "progressive.phases = [largest, kernel, kernel, depth, expand]");
        assertRefused("'progressive.phases'", "progressive.phases = [largest, \"Kernel Phase\", depth, expand]");
    }

    @Test
    void refusesImpossibleValuesNamingTheKey() {
        assertRefused("'batch-size'", "batch-size = 0");
        assertRefused("'progressive.largest.learning-rate'", "progressive.largest.learning-rate = -1");
        assertRefused("must be positive, got -1.0", "progressive.largest.learning-rate = -1");
        assertRefused("'progressive.largest'", "progressive.largest.warmup-epochs = 2");
        assertRefused("'validation.images'", "validation.images = 65");
        assertRefused("'schedule'", "schedule = shrink-everything");
        assertRefused("'data.source'", "data.source = mnist");
        assertRefused("'optimizer.type'", "optimizer.type = adam");
        assertRefused("must be one of sgd, got adam", "optimizer.type = adam");
        assertRefused("'loss.distillation-weight'", "loss.distillation-weight = 1.5");
        assertRefused("must be in [0, 1], got 1.5", "loss.distillation-weight = 1.5");
        assertRefused("'optimizer.momentum'", "optimizer.momentum = 1");
        assertRefused("must be in [0, 1), got 1.0", "optimizer.momentum = 1");
        assertRefused("'checkpoint.every-steps'", "checkpoint.every-steps = -1");
        assertRefused("must be at least 0, got -1", "checkpoint.every-steps = -1");
        assertRefused("'threads'", "threads = \"two\"");
    }

    @Test
    void refusesASpaceThatIsNotOnceForAll() {
        // null first: HOCON would merge the new object into the tiny space rather than replace it
        assertRefused("not an Once-for-All space", "space = null",
                "space { type = categorical, name = c, count = 2, choices = [0, 1] }");
    }

    private void assertRefused(String expected, String... overrides) {
        ConfigException e = assertThrows(ConfigException.class, () -> TrainFixtures.settings(dir, overrides));
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    }

    @Test
    void phasesWithoutSharedWeightsTrainNoSubNetworks() {
        Phase onlyResolution = new Phase("p", Set.of(ElasticDimension.RESOLUTION), 1, 0.1, 0, 3);
        assertEquals(0, onlyResolution.subnets());
        assertEquals(3, new Phase("q", Set.of(ElasticDimension.KERNEL), 1, 0.1, 0, 3).subnets());
    }
}
