package org.sparknas.jobs;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.sparknas.config.ConfigLoader;
import org.sparknas.config.StrictConfig;
import org.sparknas.data.DataSettings;
import org.sparknas.data.DataSplit;
import org.sparknas.data.FashionMnist;
import org.sparknas.data.ImageSource;
import org.sparknas.eval.SupernetEvaluator;
import org.sparknas.files.WholeFiles;
import org.sparknas.supernet.DjlRuntime;
import org.sparknas.supernet.SupernetWeights;
import org.sparknas.supernet.TrainingInfo;
import org.sparknas.train.FinalEvaluation;
import org.sparknas.train.SubnetAccuracy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sparknas measure-supernet}: measures a weights file's smallest, median and largest
 * networks exactly as training's final evaluation and the search's evaluator do (BN re-calibrated,
 * then every held-out image of the split its manifest records, and the official test set), prints
 * them beside what the manifest records, and with {@code --update-manifest} writes the measured
 * figures into the manifest (the parameter bytes, and so the supernet's SHA-256, stay the same).
 */
@Command(name = "measure-supernet", mixinStandardHelpOptions = true,
        description = {"Measure a supernet's smallest, median and largest networks on the held-out split and the test set,",
            "as the search's evaluator measures; --update-manifest records the figures in the weights file."})
public final class MeasureSupernetCommand implements Callable<Integer> {

    @Option(names = "--weights", description = "Supernet weights file (default: ${DEFAULT-VALUE})",
            defaultValue = "supernet/ofa-fmnist.weights")
    Path weights;

    @Option(names = "--data", description = "Fashion-MNIST directory (default: ${DEFAULT-VALUE}; bin/fetch-fashion-mnist fills it)", defaultValue = "data/fashion-mnist")
    Path data;

    @Option(names = "--config", description = {"A train-supernet or search configuration whose data { ... } names the",
        "images (e.g. an image folder or a Parquet table); instead of --data"})
    Path config;

    @Option(names = "--threads", description = "PyTorch intra-op threads (default: ${DEFAULT-VALUE}, as the tests run)",
            defaultValue = "1")
    int threads;

    @Option(names = "--update-manifest", description = "Write the measured accuracies into the weights file's manifest")
    boolean update;

    @Override
    public Integer call() {
        SupernetWeights file = SupernetWeights.read(weights);
        ImageSource source = config == null ? FashionMnist.locate(data)
                : DataSettings.fromConfig(new StrictConfig(ConfigLoader.load(config, Map.of()), "")).images();
        DataSplit split = FinalEvaluation.split(file, source);
        DjlRuntime.configure(threads);
        List<SubnetAccuracy> measured = FinalEvaluation.measure(file, source, SupernetEvaluator.DEFAULT_BATCH_SIZE);
        TrainingInfo recorded = file.manifest().training();
        System.out.printf(Locale.ROOT, "%s (parameters sha256 %s), %d thread(s): BN re-calibrated on %d images, accuracy on"
                + " %d held-out and %d test images%n", weights, file.checksum(), threads, split.calibration().count(),
                split.validation().count(), split.testImages().count());
        System.out.printf(Locale.ROOT, "  %-8s %-24s %s%n", "", "held-out", "test");
        for (SubnetAccuracy a : measured) {
            String test = Double.isNaN(a.testAccuracy()) ? "-      (no test set)" : String.format(Locale.ROOT,
                    "%.4f (recorded %s)", a.testAccuracy(), recordedAs(recorded, "test-accuracy-" + a.label()));
            System.out.printf(Locale.ROOT, "  %-8s %.4f (recorded %s)  %s%n", a.label(), a.accuracy(),
                    recordedAs(recorded, "accuracy-" + a.label()), test);
        }
        if (update) {
            Map<String, String> info = new TreeMap<>(recorded.properties());
            FinalEvaluation.record(measured, split, info);
            byte[] bytes = file.withTraining(new TrainingInfo(info));
            SupernetWeights written = SupernetWeights.parse(bytes, weights.toString());
            if (!written.checksum().equals(file.checksum())) {
                throw new IllegalStateException("the rewritten manifest changed the parameters' SHA-256; nothing written");
            }
            WholeFiles.write(weights, bytes);
            System.out.println("manifest updated; parameters sha256 unchanged: " + written.checksum());
        }
        return Main.EXIT_OK;
    }

    private static String recordedAs(TrainingInfo recorded, String key) {
        String value = recorded.get(key);
        return value == null ? "none" : value;
    }

}
