package org.sparknas.train;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.sparknas.config.ConfigException;
import org.sparknas.data.DataSplit;
import org.sparknas.data.ImageCollection;
import org.sparknas.eval.SpaceFit;
import org.sparknas.files.WholeFiles;
import org.sparknas.space.Fingerprints;
import org.sparknas.space.OfaSpace;
import org.sparknas.supernet.DjlRuntime;
import org.sparknas.supernet.ElasticSupernet;
import org.sparknas.supernet.InputNormalization;
import org.sparknas.supernet.SupernetWeights;
import org.sparknas.supernet.TrainedSplit;
import org.sparknas.supernet.TrainingInfo;

/**
 * {@code train-supernet}: trains (or resumes training) a supernet as {@link TrainSettings} say, in
 * this JVM (on a cluster, the Spark driver's), then measures the smallest, median and largest
 * networks on the held-out images and writes the weights file, whose manifest records how it was
 * trained and on which split. Outputs, under {@code output}: {@code checkpoints/},
 * {@value #LOG_FILE}, {@value #CHART_FILE}; and the weights at {@code weights}.
 */
public final class TrainJob {

    public static final String LOG_FILE = "training-log.csv";
    public static final String CHART_FILE = "training-curves.png";
    /** Recipe keys that can never change on resume: other weights, or other held-out images. */
    private static final Set<String> FIXED = Set.of("space", "space-fingerprint", "data-source", "data-validation-size",
            "data-split-seed", "data-calibration-size", "batch-size", "seed", TrainedSplit.PATH, TrainedSplit.IMAGES,
            TrainedSplit.LISTING_HASH);

    /**
     * @param restart       discard the output's checkpoints and start over
     * @param acceptChanges resume from a checkpoint written with other settings (e.g. a lower learning
     *                      rate after a divergence); the space, split, seed and batch size must still match
     * @param command       the command line, recorded in the manifest (may be empty)
     */
    public record Options(boolean restart, boolean acceptChanges, String command) {
    }

    private final TrainSettings settings;
    private final PrintStream out;

    public TrainJob(TrainSettings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    @SuppressWarnings("try") // resources held open for their scope (grad mode, NDScope)
    public TrainResult run(Options options) {
        long started = System.nanoTime();
        CheckpointStore checkpoints = new CheckpointStore(settings.output());
        if (options.restart()) {
            checkpoints.clear();
        }
        Optional<CheckpointStore.Stored> resume = checkpoints.latest();
        resume.ifPresent(stored -> checkRecipe(stored, options.acceptChanges()));
        DataSplit split = split();
        InputNormalization normalization = PixelStatistics.of(split.training());
        // a fixed thread count, not the machine's: reductions split work by thread, so the count is part of
        // what makes a run (and its resume) repeatable bit for bit
        DjlRuntime.configure(settings.threads());
        try (NDManager manager = NDManager.newBaseManager()) {
            ElasticSupernet supernet;
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                supernet = supernet(settings, resume, manager);
                // the parameters outlive this scope
                supernet.getDirectParameters().values().forEach(p -> NDScope.unregister(p.getArray()));
            }
            SupernetTrainer trainer = new SupernetTrainer(settings, supernet, manager, normalization, split, checkpoints, out);
            resume.ifPresent(trainer::resume);
            announce(resume, trainer);
            if (trainer.position().finished(settings.phases())) {
                Optional<TrainResult> done = alreadyWritten(trainer);
                if (done.isPresent()) {
                    return done.get();
                }
            } else {
                trainer.run();
            }
            out.println("measuring the smallest, median and largest networks on all " + split.validation().count()
                    + " held-out images and the " + split.testImages().count() + " test images (BN re-calibrated on "
                    + split.calibration().count() + ") ...");
            out.flush();
            List<SubnetAccuracy> accuracies = FinalEvaluation.measure(supernet, split, normalization,
                    settings.monitoring().evaluationBatchSize());
            trainer.logFinalEvaluation(accuracies);
            byte[] weights = SupernetWeights.encode(supernet, normalization, info(trainer, accuracies, split, options));
            WholeFiles.write(settings.weights(), weights);
            SupernetWeights written = SupernetWeights.parse(weights, settings.weights());
            TrainResult result = new TrainResult(settings.weights(), written.checksum(), weights.length,
                    trainer.position().globalStep(), (double) trainer.position().globalStep() / trainer.stepsPerEpoch(),
                    trainer.seconds(), accuracies, false);
            summary(result, (System.nanoTime() - started) / 1e9);
            return result;
        }
    }

    private DataSplit split() {
        var data = settings.data();
        DataSplit split = data.split();
        ImageCollection images = split.training();
        OfaSpace space = settings.space();
        SpaceFit.mismatch(space, "the training images of data.source '" + data.source() + "'", images.channels(),
                images.numClasses()).ifPresent(message -> {
                    throw new ConfigException(message);
                });
        if (settings.batchSize() > images.count()) {
            throw new ConfigException("'batch-size' " + settings.batchSize() + " is more than the " + images.count()
                    + " training images");
        }
        return split;
    }

    /** The supernet to train: the checkpoint's weights when resuming, else a fresh one drawn from the seed. */
    static ElasticSupernet supernet(TrainSettings settings, Optional<CheckpointStore.Stored> resume, NDManager manager) {
        if (resume.isEmpty()) {
            ElasticSupernet supernet = new ElasticSupernet(settings.space());
            supernet.initializeWeights(manager, settings.seed());
            return supernet;
        }
        CheckpointStore.Stored stored = resume.get();
        ElasticSupernet supernet = SupernetWeights.parse(stored.checkpoint().weights(), stored.file() + " (weights section)")
                .requireSpace(settings.space()).instantiate(manager);
        supernet.enableGradients();
        return supernet;
    }

    /** Refuses a resume with other settings, naming every difference, unless changes are accepted where they may be. */
    private void checkRecipe(CheckpointStore.Stored stored, boolean acceptChanges) {
        Map<String, String> then = stored.checkpoint().recipe();
        Map<String, String> now = settings.recipe();
        List<String> differences = new ArrayList<>();
        boolean fixedChanged = false;
        for (String key : new TreeSet<>(union(then.keySet(), now.keySet()))) {
            String a = then.get(key);
            String b = now.get(key);
            if (a == null ? b != null : !a.equals(b)) {
                differences.add(key + ": checkpoint '" + a + "', now '" + b + "'");
                fixedChanged |= FIXED.contains(key);
            }
        }
        if (differences.isEmpty()) {
            return;
        }
        String listed = String.join("; ", differences);
        if (!acceptChanges || fixedChanged) {
            throw new ConfigException("checkpoint " + stored.file() + " was written with other settings: " + listed
                    + ". Resume with the settings it was written with, use another output directory, or start over "
                    + "with --restart" + (fixedChanged ? "" : "; --accept-changes resumes from it with the new settings"));
        }
        out.println("resuming from " + stored.file() + " with changed settings: " + listed);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> u = new TreeSet<>(a);
        u.addAll(b);
        return u;
    }

    private void announce(Optional<CheckpointStore.Stored> resume, SupernetTrainer trainer) {
        long total = TrainingPosition.totalSteps(settings.phases(), trainer.stepsPerEpoch());
        out.printf(Locale.ROOT, "train-supernet: space %s (%s architectures), %s schedule, %d epochs, %d steps of %d images, "
                        + "%d thread(s), seed %d%n", settings.space().name(), settings.space().size(),
                settings.schedule().configName(), settings.totalEpochs(), total, settings.batchSize(), settings.threads(),
                settings.seed());
        resume.ifPresent(s -> out.printf(Locale.ROOT, "resuming from %s at %s, %s of training done%n", s.file(),
                trainer.position(), ProgressLine.duration(trainer.seconds())));
        out.flush();
    }

    /** The result of a finished run whose weights are already written, if they are. */
    private Optional<TrainResult> alreadyWritten(SupernetTrainer trainer) {
        if (!WholeFiles.exists(settings.weights())) {
            return Optional.empty();
        }
        byte[] bytes = WholeFiles.read(settings.weights());
        SupernetWeights weights;
        try {
            weights = SupernetWeights.parse(bytes, settings.weights());
        } catch (ConfigException damaged) {
            return Optional.empty();
        }
        TrainingInfo info = weights.manifest().training();
        if (!recipeSha().equals(info.get("recipe-sha256"))
                || !Long.toString(trainer.position().globalStep()).equals(info.get("steps"))) {
            return Optional.empty();
        }
        List<SubnetAccuracy> accuracies = new ArrayList<>();
        for (String label : List.of("smallest", "median", "largest")) {
            accuracies.add(new SubnetAccuracy(label, info.get("arch-" + label), Long.parseLong(info.get("macs-" + label)),
                    Double.parseDouble(info.get("accuracy-" + label)), Double.parseDouble(info.get("loss-" + label)),
                    orNaN(info.get("test-accuracy-" + label)), orNaN(info.get("test-loss-" + label))));
        }
        TrainResult result = new TrainResult(settings.weights(), weights.checksum(), bytes.length,
                trainer.position().globalStep(), Double.parseDouble(info.get("epochs")),
                Double.parseDouble(info.get("training-seconds")), accuracies, true);
        out.println("training already finished; its weights are " + settings.weights() + " (nothing to do)");
        summary(result, 0);
        return Optional.of(result);
    }

    private static double orNaN(String value) {
        return value == null ? Double.NaN : Double.parseDouble(value);
    }

    private String recipeSha() {
        return Fingerprints.sha256(settings.recipe().toString());
    }

    private TrainingInfo info(SupernetTrainer trainer, List<SubnetAccuracy> accuracies, DataSplit split, Options options) {
        Map<String, String> info = new TreeMap<>(settings.recipe());
        info.put("method", settings.schedule() == Schedule.PROGRESSIVE ? "progressive-shrinking" : "all-at-once");
        info.put("distillation", "in-place from the largest network");
        info.put("recipe-sha256", recipeSha());
        info.put("threads", Integer.toString(settings.threads()));
        info.put("steps", Long.toString(trainer.position().globalStep()));
        info.put("epochs", String.format(Locale.ROOT, "%.4f", (double) trainer.position().globalStep() / trainer.stepsPerEpoch()));
        info.put("training-seconds", String.format(Locale.ROOT, "%.1f", trainer.seconds()));
        FinalEvaluation.record(accuracies, split, info);
        if (!options.command().isBlank()) {
            info.put("command", options.command());
        }
        return new TrainingInfo(info);
    }

    private void summary(TrainResult r, double sessionSeconds) {
        out.printf(Locale.ROOT, "trained %s (%s): %d steps, %.2f epochs, %s of training%s%n", settings.space().name(),
                settings.schedule().configName(), r.steps(), r.epochs(), ProgressLine.duration(r.trainingSeconds()),
                sessionSeconds > 0 ? " (this session " + ProgressLine.duration(sessionSeconds) + " in all)" : "");
        out.printf(Locale.ROOT, "accuracy after BN re-calibration, held-out (%d images) and test set:%n",
                settings.data().validationSize());
        for (SubnetAccuracy a : r.accuracies()) {
            String test = Double.isNaN(a.testAccuracy()) ? "test -      (no test set)"
                    : String.format(Locale.ROOT, "test %.4f (loss %.4f)", a.testAccuracy(), a.testLoss());
            out.printf(Locale.ROOT, "  %-8s %6.3fM MACs  held-out %.4f (loss %.4f)  %s  %s%n", a.label(),
                    a.macs() / 1e6, a.accuracy(), a.loss(), test, a.architecture());
        }
        out.printf(Locale.ROOT, "weights: %s (%d bytes, parameters sha256 %s)%n", r.weights(), r.bytes(), r.checksum());
        out.printf(Locale.ROOT, "log: %s, curves: %s, checkpoints: %s%n", WholeFiles.resolve(settings.output(), LOG_FILE),
                WholeFiles.resolve(settings.output(), CHART_FILE), WholeFiles.resolve(settings.output(), "checkpoints"));
        out.flush();
    }
}
