package org.sparknas.eval;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.sparknas.config.ConfigException;
import org.sparknas.config.StrictConfig;
import org.sparknas.data.DataSplit;
import org.sparknas.data.FashionMnist;
import org.sparknas.data.ImageSource;
import org.sparknas.data.SplitPlan;
import org.sparknas.data.SyntheticImages;
import org.sparknas.space.OfaSpace;
import org.sparknas.space.SearchSpace;
import org.sparknas.supernet.SupernetWeights;
import org.sparknas.supernet.TrainedSplit;

/**
 * The default {@link EvaluatorProvider}: sub-networks of the trained supernet, evaluated as
 * {@link SupernetEvaluator} does. On the driver it reads the weights ({@code supernet.weights}, a
 * local path or Hadoop URI) and the data set, splits it, checks everything against the space, and
 * hands back a {@link SupernetEvaluatorFactory} to broadcast.
 *
 * <pre>
 * supernet.weights = "supernet/ofa-fmnist"
 * data { source = fashion-mnist (or synthetic), dir = "data/fashion-mnist",
 *        validation-size = 5000, calibration-size = 2000, split-seed = 0 }
 * evaluation.batch-size = 200
 * search.fidelity = 2000     # checked against data.validation-size
 * </pre>
 */
public final class SupernetEvaluatorProvider implements EvaluatorProvider {

    @Override
    public Prepared prepare(SearchSpace space, Config config, FileReader files) {
        if (!(space instanceof OfaSpace ofa)) {
            throw new ConfigException("space '" + space.name() + "' is not an Once-for-All space (type = ofa); the supernet "
                    + "evaluator needs one. Use an ofa space, or name another evaluator.provider");
        }
        StrictConfig root = new StrictConfig(config, "");
        String weights = root.string("supernet.weights");
        if (!files.exists(weights)) {
            throw root.error("supernet.weights", "'" + weights + "' does not exist; train a supernet (train-supernet) or "
                    + "point supernet.weights to its weights file");
        }
        byte[] weightBytes = files.read(weights);
        requireTrainedSplit(SupernetWeights.parse(weightBytes, weights), root);
        DataSplit split;
        try {
            split = DataSplit.of(source(root), plan(root));
        } catch (IllegalArgumentException e) {
            throw root.error("data.validation-size", e.getMessage());
        }
        int batch = root.integer("evaluation.batch-size", SupernetEvaluator.DEFAULT_BATCH_SIZE);
        if (root.has("search.fidelity") && root.integer("search.fidelity") > split.validation().count()) {
            throw root.error("search.fidelity", root.integer("search.fidelity") + " is more than the "
                    + split.validation().count() + " validation images (data.validation-size)");
        }
        SupernetEvaluatorFactory factory = new SupernetEvaluatorFactory(ofa, weightBytes, weights,
                split.calibration(), split.validation(), batch);
        return new Prepared(factory, factory.supernetChecksum());
    }

    /**
     * Refuses a split other than the one the weights were trained with (their manifest records it):
     * its validation images would include images the supernet was trained on.
     */
    private static void requireTrainedSplit(SupernetWeights weights, StrictConfig root) {
        Optional<TrainedSplit> trained;
        try {
            trained = TrainedSplit.of(weights.manifest().training());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(weights.source() + ": " + e.getMessage(), e);
        }
        TrainedSplit configured = new TrainedSplit(root.string("data.source", "fashion-mnist"),
                plan(root).validationCount(), plan(root).seed());
        if (configured.source().equals("synthetic") && trained.map(t -> !t.source().equals("synthetic")).orElse(true)) {
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

    private static ImageSource source(StrictConfig root) {
        String source = root.string("data.source", "fashion-mnist");
        return switch (source) {
            case "fashion-mnist" -> FashionMnist.locate(root.has("data.dir") ? Path.of(root.string("data.dir")) : null);
            case "synthetic" -> SyntheticImages.fashionLike(plan(root).validationCount() + plan(root).calibrationCount() + 1000,
                    1000, plan(root).seed());
            default -> throw root.error("data.source", "unknown data source '" + source + "'; use fashion-mnist or synthetic");
        };
    }

    private static SplitPlan plan(StrictConfig root) {
        try {
            return new SplitPlan(root.integer("data.validation-size", SplitPlan.DEFAULT.validationCount()),
                    root.integer("data.calibration-size", SplitPlan.DEFAULT.calibrationCount()),
                    root.longValue("data.split-seed", SplitPlan.DEFAULT_SEED));
        } catch (IllegalArgumentException e) {
            throw root.error("data", e.getMessage());
        }
    }
}
