package org.sparknas.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sparknas.config.ConfigException;
import org.sparknas.data.FashionMnist;
import org.sparknas.space.OfaSpace;
import org.sparknas.space.SearchSpaces;
import org.sparknas.supernet.SupernetWeights;
import org.sparknas.supernet.TrainedSplit;
import org.sparknas.supernet.TrainingInfo;
import org.sparknas.train.FinalEvaluation;
import org.sparknas.train.SubnetAccuracy;

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
        assertEquals("all-at-once", training.get("method"), "conf/train.conf's schedule");

        Config search = ConfigFactory.parseFile(SEARCH_CONF.toFile()).resolve();
        assertEquals(WEIGHTS.getFileName().toString(), Path.of(search.getString("supernet.weights")).getFileName().toString(),
                "conf/search.conf must use the bundled supernet");
        TrainedSplit trained = TrainedSplit.of(training).orElseThrow();
        TrainedSplit configured = new TrainedSplit(search.getString("data.source"), search.getInt("data.validation-size"),
                search.getLong("data.split-seed"));
        assertEquals(trained, configured, "the search would validate on images the supernet was trained on");
    }

    /**
     * Held-out and test-set accuracies of the smallest, median and largest networks, measured as
     * training's final evaluation and {@code measure-supernet} measure (one method), with the one
     * intra-op thread the tests run with, equal the manifest's to its four decimals.
     */
    @Test
    void measuresTheAccuracyItsManifestRecords() {
        FashionMnist data;
        try {
            data = FashionMnist.locate(DATA);
        } catch (ConfigException missing) {
            fail("the bundled supernet's accuracies are measured on Fashion-MNIST, which is missing: " + missing.getMessage());
            return;
        }
        OfaSpace space = (OfaSpace) SearchSpaces.load(Path.of("../conf/spaces/ofa-fmnist.conf"));
        SupernetWeights weights = SupernetWeights.read(WEIGHTS).requireSpace(space);
        TrainingInfo training = weights.manifest().training();

        List<SubnetAccuracy> measured = FinalEvaluation.measure(weights, data, SupernetEvaluator.DEFAULT_BATCH_SIZE);
        assertEquals(FinalEvaluation.LABELS, measured.stream().map(SubnetAccuracy::label).toList());
        for (SubnetAccuracy a : measured) {
            String label = a.label();
            assertEquals(training.get("arch-" + label), a.architecture(), label);
            assertEquals(training.get("accuracy-" + label), FinalEvaluation.decimals(a.accuracy()),
                    label + " held-out accuracy (bin/sparknas measure-supernet --update-manifest records what the file measures)");
            assertEquals(training.get("test-accuracy-" + label), FinalEvaluation.decimals(a.testAccuracy()),
                    label + " test-set accuracy (bin/sparknas measure-supernet --update-manifest records what the file measures)");
            assertTrue(a.accuracy() > 0.8 && a.testAccuracy() > 0.8, label + " is trained: " + a);
        }
        assertEquals("10000", training.get("test-images"));
    }
}
