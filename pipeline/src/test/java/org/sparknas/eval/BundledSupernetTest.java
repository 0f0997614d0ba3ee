package org.sparknas.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDManager;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sparknas.data.DataSplit;
import org.sparknas.data.FashionMnist;
import org.sparknas.data.SplitPlan;
import org.sparknas.space.Architecture;
import org.sparknas.space.OfaSpace;
import org.sparknas.space.SearchSpaces;
import org.sparknas.strategy.Metrics;
import org.sparknas.supernet.SupernetWeights;
import org.sparknas.supernet.TrainedSplit;
import org.sparknas.supernet.TrainingInfo;

/**
 * The supernet bundled in the repository is the one the default search uses: it belongs to the
 * default space, was trained on the search's split, and still measures what its manifest says it
 * measured when training ended (so neither the file, the space nor the evaluator drifted apart).
 */
class BundledSupernetTest {

    private static final Path WEIGHTS = Path.of("../supernet/ofa-fmnist.weights");
    private static final Path SEARCH_CONF = Path.of("../conf/search.conf");
    private static final Path DATA = Path.of("../data/fashion-mnist");

    @Test
    void belongsToTheDefaultSpaceAndTheSearchSplit() {
        OfaSpace space = (OfaSpace) SearchSpaces.load(Path.of("../conf/spaces/ofa-fmnist.conf"));
        SupernetWeights weights = SupernetWeights.read(WEIGHTS).requireSpace(space);
        TrainingInfo training = weights.manifest().training();
        assertEquals("progressive-shrinking", training.get("method"));

        Config search = ConfigFactory.parseFile(SEARCH_CONF.toFile()).resolve();
        assertEquals(WEIGHTS.getFileName().toString(), Path.of(search.getString("supernet.weights")).getFileName().toString(),
                "conf/search.conf must use the bundled supernet");
        TrainedSplit trained = TrainedSplit.of(training).orElseThrow();
        TrainedSplit configured = new TrainedSplit(search.getString("data.source"), search.getInt("data.validation-size"),
                search.getLong("data.split-seed"));
        assertEquals(trained, configured, "the search would validate on images the supernet was trained on");
    }

    @Test
    void measuresTheAccuracyItsManifestRecords() {
        assumeTrue(Files.isRegularFile(DATA.resolve(FashionMnist.TRAIN_IMAGES)),
                "Fashion-MNIST is not in data/fashion-mnist (run bin/fetch-fashion-mnist)");
        OfaSpace space = (OfaSpace) SearchSpaces.load(Path.of("../conf/spaces/ofa-fmnist.conf"));
        SupernetWeights weights = SupernetWeights.read(WEIGHTS).requireSpace(space);
        TrainingInfo training = weights.manifest().training();
        TrainedSplit trained = TrainedSplit.of(training).orElseThrow();
        DataSplit split = DataSplit.of(FashionMnist.locate(DATA),
                new SplitPlan(trained.validationSize(), SplitPlan.DEFAULT.calibrationCount(), trained.splitSeed()));

        Map<String, Architecture> subjects = Map.of("smallest", space.smallest(), "largest", space.largest());
        try (NDManager manager = NDManager.newBaseManager();
             SupernetEvaluator evaluator = SupernetEvaluator.load(weights, split.calibration(), split.validation(),
                     SupernetEvaluator.DEFAULT_BATCH_SIZE, manager.newSubManager())) {
            for (var subject : subjects.entrySet()) {
                assertEquals(subject.getValue().key(), training.get("arch-" + subject.getKey()));
                double recorded = Double.parseDouble(training.get("accuracy-" + subject.getKey()));
                double measured = evaluator.evaluate(subject.getValue(), split.validation().count()).get(Metrics.ACCURACY);
                // Training measured with 2 intra-op threads, this test with 1: float sums may differ in the
                // last bits and flip a few borderline images, never more than 0.1%.
                assertEquals(recorded, measured, 0.001, subject.getKey());
                assertTrue(measured > 0.8, subject.getKey() + " is trained: " + measured);
            }
        }
    }
}
