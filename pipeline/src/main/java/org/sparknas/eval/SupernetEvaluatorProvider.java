package org.sparknas.eval;

import com.typesafe.config.Config;
import java.util.List;
import java.util.Optional;
import org.sparknas.config.ConfigException;
import org.sparknas.config.StrictConfig;
import org.sparknas.data.DataSettings;
import org.sparknas.data.DataSplit;
import org.sparknas.data.ImageCollection;
import org.sparknas.data.ImageDelivery;
import org.sparknas.space.OfaSpace;
import org.sparknas.space.SearchSpace;
import org.sparknas.supernet.SupernetWeights;
import org.sparknas.supernet.TrainedSplit;

/**
 * The default {@link EvaluatorProvider}: sub-networks of the trained supernet, evaluated as
 * {@link SupernetEvaluator} does. On the driver it reads the weights ({@code supernet.weights}, a
 * local path or Hadoop URI) and the data set, splits it, checks everything against the space, and
 * hands back a {@link SupernetEvaluatorFactory} to broadcast. Small image sets are decoded here and
 * broadcast; large ones are left undecoded for the executors to read ({@link ImageDelivery}).
 *
 * <pre>
 * supernet.weights = "supernet/ofa-fmnist"
 * data { source = fashion-mnist (or synthetic), dir = "data/fashion-mnist",
 *        validation-size = 5000, calibration-size = 2000, split-seed = 0,
 *        delivery = auto, broadcast-limit = 256M, cache-dir = "" }
 * evaluation.batch-size = 200
 * </pre>
 */
public final class SupernetEvaluatorProvider implements EvaluatorProvider {

    @Override
    public Prepared prepare(SearchSpace space, Config config, FileReader files) {
        OfaSpace ofa = OfaSpace.require(space, "the supernet evaluator needs one. Use an ofa space, or name another"
                + " evaluator.provider");
        StrictConfig root = new StrictConfig(config, "");
        String weights = root.string("supernet.weights");
        if (!files.exists(weights)) {
            throw root.error("supernet.weights", "'" + weights + "' does not exist; train a supernet (train-supernet) or "
                    + "point supernet.weights to its weights file");
        }
        byte[] weightBytes = files.read(weights);
        DataSettings data = DataSettings.fromConfig(root);
        requireTrainedSplit(SupernetWeights.parse(weightBytes, weights), data);
        // search.fidelity <= data.validation-size, which is the validation set's size, is SearchSettings' rule
        DataSplit split = data.split();
        int batch = EvaluationSettings.fromConfig(root).batchSize();
        ImageDelivery delivery = ImageDelivery.fromConfig(root);
        ImageCollection calibration = split.calibrationImages();
        ImageCollection validation = split.validationImages();
        ImageDelivery.Choice choice = delivery.choose((long) calibration.count() + validation.count(),
                validation.imageSize());
        SupernetEvaluatorFactory factory = choice.broadcast()
                ? new SupernetEvaluatorFactory(ofa, weightBytes, weights, split.calibration(), split.validation(), batch,
                        choice.reason(), delivery.cacheDir())
                : new SupernetEvaluatorFactory(ofa, weightBytes, weights, calibration, validation, batch, choice.reason(),
                        delivery.cacheDir());
        return new Prepared(factory, factory.supernetChecksum());
    }

    /**
     * Refuses a split other than the one the weights were trained with (their manifest records it):
     * its validation images would include images the supernet was trained on.
     */
    private static void requireTrainedSplit(SupernetWeights weights, DataSettings data) {
        Optional<TrainedSplit> trained;
        try {
            trained = TrainedSplit.of(weights.manifest().training());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(weights.source() + ": " + e.getMessage(), e);
        }
        TrainedSplit configured = TrainedSplit.of(data);
        if (data.synthetic() && trained.map(t -> !t.source().equals(DataSettings.SYNTHETIC)).orElse(true)) {
            // Generated images cannot be among the images a supernet trained on real data has seen, so the
            // check has nothing to protect: a smoke test of the whole pipeline runs on the real weights
            // (its accuracies mean nothing, and the factory's description says so).
            return;
        }
        List<String> differences = trained.map(t -> t.differences(configured)).orElse(List.of());
        if (!differences.isEmpty()) {
            throw new ConfigException("the data split is not the one supernet " + weights.source() + " was trained with: "
                    + String.join("; ", differences) + ". Its validation images would include images the supernet was "
                    + "trained on; set these data keys as trained, or train a supernet on this split (train-supernet)");
        }
    }
}
