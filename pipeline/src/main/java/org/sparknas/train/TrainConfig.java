package org.sparknas.train;

import static org.sparknas.config.SettingGroup.nested;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sparknas.config.ConfigException;
import org.sparknas.config.ConfigLoader;
import org.sparknas.config.Setting;
import org.sparknas.config.SettingGroup;
import org.sparknas.config.StrictConfig;
import org.sparknas.data.DataSettings;
import org.sparknas.files.WholeFiles;
import org.sparknas.space.OfaSpace;
import org.sparknas.space.SearchSpace;
import org.sparknas.space.SearchSpaces;

/**
 * Reads {@code conf/train.conf} (HOCON, with command-line overrides) into {@link TrainSettings}.
 * Strict: unknown keys, wrong types, impossible values and a schedule that does not fit the space
 * are refused with the key that is wrong, before any data is read. Each setting is declared once
 * below ({@code data} in {@link DataSettings}); {@link #GROUPS} is what the reference is generated from.
 */
public final class TrainConfig {

    private static final String FROM_ZERO = "zero or positive";

    static final Setting<String> OUTPUT = Setting.string("output", null, "checkpoints, training-log.csv and"
            + " training-curves.png go here: a local directory or a Hadoop URI").check(o -> !o.isBlank(), "not empty");
    static final Setting<String> WEIGHTS = Setting.string("weights", "", "the final weights file (local path or Hadoop URI);"
            + " empty: <output>/supernet.weights");
    static final Setting<Long> SEED = Setting.longInteger("seed", 0L, "initialisation, data order, augmentation,"
            + " resolution and sub-network draws");
    static final Setting<Integer> THREADS = Setting.integer("threads", null, "PyTorch intra-op threads; a bit-exact"
            + " resume needs the same count").positive();
    static final Setting<Integer> BATCH_SIZE = Setting.integer("batch-size", null, "images per step (the incomplete last"
            + " batch of an epoch is dropped)").positive();
    static final Setting<String> SCHEDULE = Setting.string("schedule", null, "all-at-once: every dimension"
            + " elastic from the first step; progressive: the phases of progressive.phases in order (Once-for-All's"
            + " progressive shrinking)").oneOf("progressive", "all-at-once");
    static final SettingGroup ROOT = new SettingGroup("", "the top level of conf/train.conf",
            List.of(OUTPUT, WEIGHTS, SEED, THREADS, BATCH_SIZE, SCHEDULE), List.of(
                    nested("space", "the space to train, included from conf/spaces/"), nested("data", "the search's `data`"),
                    nested("progressive", "table below"), nested("all-at-once", "table below"),
                    nested("sampling", "table below"), nested("loss", "table below"), nested("optimizer", "table below"),
                    nested("augmentation", "table below"), nested("validation", "table below"),
                    nested("checkpoint", "table below"), nested("progress", "table below"), nested("log", "table below")));

    static final Setting<List<String>> PHASES = Setting.strings("phases", null, "the phases of progressive shrinking in"
            + " order, each with an object of the same name, e.g. [largest, kernel, depth, expand]")
            .check(l -> !l.isEmpty(), "not empty");
    static final SettingGroup PROGRESSIVE = new SettingGroup("progressive", "the progressive schedule",
            List.of(PHASES),
            List.of(nested("<phase>", "one object per name in phases: table `progressive.<phase>` below")));

    static final Setting<List<String>> ELASTIC = Setting.strings("elastic", List.of(), "dimensions that vary in the phase"
            + " (resolution, kernel, depth, expand); the rest stay at their largest choice");
    static final Setting<Integer> EPOCHS = Setting.integer("epochs", null, "epochs of the phase").positive();
    static final Setting<Double> LEARNING_RATE = Setting.number("learning-rate", null, "peak learning rate (cosine to zero"
            + " over the phase after the warm-up)").positive();
    static final Setting<Double> WARMUP_EPOCHS = Setting.number("warmup-epochs", 0.0, "linear warm-up, in epochs (at most"
            + " the phase's epochs)").atLeast(0);
    static final Setting<Integer> SUBNETS = Setting.integer("subnets", null, "sub-networks trained per step besides the"
            + " largest").atLeast(0).defaultFrom("sampling.subnets");
    static final SettingGroup PHASE = new SettingGroup("progressive.<phase>", "one phase of progressive shrinking",
            List.of(ELASTIC, EPOCHS, LEARNING_RATE, WARMUP_EPOCHS, SUBNETS));
    static final SettingGroup ALL_AT_ONCE = new SettingGroup("all-at-once", "the all-at-once schedule: every dimension the"
            + " space varies is elastic", List.of(EPOCHS, LEARNING_RATE, WARMUP_EPOCHS, SUBNETS));

    static final Setting<Integer> SAMPLING_SUBNETS = Setting.integer("subnets", null, "sub-networks per step besides the"
            + " largest").atLeast(0);
    static final Setting<Boolean> INCLUDE_SMALLEST = Setting.flag("include-smallest", true, "one of them is the phase's"
            + " smallest network (the sandwich rule)");
    static final SettingGroup SAMPLING = new SettingGroup("sampling", "which sub-networks a step trains",
            List.of(SAMPLING_SUBNETS, INCLUDE_SMALLEST));

    static final Setting<Double> LABEL_SMOOTHING = Setting.number("label-smoothing", null, "label smoothing of the"
            + " cross-entropy").check(v -> v >= 0 && v < 1, "in [0, 1)");
    static final Setting<Double> TEMPERATURE = Setting.number("temperature", null, "distillation temperature T").positive();
    static final Setting<Double> DISTILLATION_WEIGHT = Setting.number("distillation-weight", null, "w in (1 - w) *"
            + " CE(labels) + w * T^2 * KL(teacher || student)").probability();
    static final SettingGroup LOSS = new SettingGroup("loss", "the largest network learns from the labels, each"
            + " sub-network also from the largest network's predictions", List.of(LABEL_SMOOTHING, TEMPERATURE,
            DISTILLATION_WEIGHT));

    static final Setting<String> OPTIMIZER_TYPE = Setting.string("type", "sgd", "the optimiser: SGD with momentum and"
            + " optional Nesterov, Once-for-All's").oneOf("sgd");
    static final Setting<Double> MOMENTUM = Setting.number("momentum", null, "SGD momentum")
            .check(v -> v >= 0 && v < 1, "in [0, 1)");
    static final Setting<Boolean> NESTEROV = Setting.flag("nesterov", true, "Nesterov momentum");
    static final Setting<Double> WEIGHT_DECAY = Setting.number("weight-decay", null, "on convolution and classifier weights"
            + " only (not BN, biases, kernel transforms)").atLeast(0);
    static final SettingGroup OPTIMIZER = new SettingGroup("optimizer", "the optimiser", List.of(OPTIMIZER_TYPE, MOMENTUM,
            NESTEROV, WEIGHT_DECAY));

    static final Setting<Integer> PAD_CROP = Setting.integer("pad-crop", null, "random shift by up to this many pixels")
            .atLeast(0);
    static final Setting<Boolean> HORIZONTAL_FLIP = Setting.flag("horizontal-flip", false, "random horizontal flips");
    static final SettingGroup AUGMENTATION = new SettingGroup("augmentation", "training-image augmentation",
            List.of(PAD_CROP, HORIZONTAL_FLIP));

    static final Setting<Integer> VALIDATION_IMAGES = Setting.integer("images", null, "held-out images for the accuracy"
            + " of the largest and smallest networks during training (at most data.validation-size), and as many test"
            + " images where the data has a test set").positive();
    static final Setting<Integer> VALIDATION_EVERY_EPOCHS = Setting.integer("every-epochs", null, "epochs between"
            + " validations; 0: off").atLeast(0);
    static final Setting<Integer> VALIDATION_BATCH_SIZE = Setting.integer("batch-size", null, "inference and BN"
            + " re-calibration batch").positive();
    static final SettingGroup VALIDATION = new SettingGroup("validation", "held-out and test-set accuracy during"
            + " training, for the log and the plot (the test set is reported only)", List.of(VALIDATION_IMAGES, VALIDATION_EVERY_EPOCHS, VALIDATION_BATCH_SIZE));

    static final Setting<Integer> CHECKPOINT_EVERY_STEPS = Setting.integer("every-steps", null, "steps between checkpoints;"
            + " 0: off").atLeast(0);
    static final Setting<Double> CHECKPOINT_EVERY_MINUTES = Setting.number("every-minutes", null, "minutes between"
            + " checkpoints (and always at the end of each phase); 0: off").check(TrainConfig::finiteFromZero, FROM_ZERO);
    static final SettingGroup CHECKPOINT = new SettingGroup("checkpoint", "when training writes a checkpoint to resume from",
            List.of(CHECKPOINT_EVERY_STEPS, CHECKPOINT_EVERY_MINUTES));

    static final Setting<Double> PROGRESS_EVERY_SECONDS = Setting.number("every-seconds", null, "seconds between progress"
            + " lines").check(TrainConfig::finiteFromZero, FROM_ZERO);
    static final SettingGroup PROGRESS = new SettingGroup("progress", "progress lines on the console",
            List.of(PROGRESS_EVERY_SECONDS));

    static final Setting<Integer> LOG_EVERY_STEPS = Setting.integer("every-steps", null, "steps between rows of"
            + " training-log.csv").positive();
    static final SettingGroup LOG = new SettingGroup("log", "the training log", List.of(LOG_EVERY_STEPS));

    /** Every group of a training configuration, in the reference's order. */
    public static final List<SettingGroup> GROUPS = List.of(ROOT, DataSettings.GROUP, PROGRESSIVE, PHASE, ALL_AT_ONCE,
            SAMPLING, LOSS, OPTIMIZER, AUGMENTATION, VALIDATION, CHECKPOINT, PROGRESS, LOG);

    private TrainConfig() {
    }

    /** Reads {@code file}, applies {@code overrides} (HOCON paths to values) and checks everything. */
    public static TrainSettings load(Path file, Map<String, String> overrides) {
        return fromConfig(ConfigLoader.load(file, overrides));
    }

    public static TrainSettings fromConfig(Config config) {
        StrictConfig root = ROOT.checkKeys(new StrictConfig(config, ""));
        SearchSpace parsed = SearchSpaces.fromConfig(root.object("space"));
        // Precisions choose how a sub-network is deployed, not its weights: a space that declares them
        // trains the supernet of its network, which serves the space with and without them alike.
        OfaSpace space = OfaSpace.require(parsed, "only those have a supernet to train").withoutPrecisions();
        DataSettings data = DataSettings.fromConfig(root);
        String output = OUTPUT.read(root);
        String weights = WEIGHTS.read(root);
        if (weights.isBlank()) {
            weights = WholeFiles.resolve(output, "supernet.weights");
        }

        StrictConfig sampling = SAMPLING.checkKeys(root.objectOrEmpty("sampling"));
        int defaultSubnets = SAMPLING_SUBNETS.read(sampling);
        Schedule schedule = parse(root, "schedule", Schedule::parse, SCHEDULE.read(root));
        List<Phase> phases = schedule == Schedule.PROGRESSIVE
                ? progressive(root, space, defaultSubnets) : List.of(allAtOnce(root, space, defaultSubnets));

        StrictConfig loss = LOSS.checkKeys(root.objectOrEmpty("loss"));
        LossSettings lossSettings = build(loss, () -> new LossSettings(LABEL_SMOOTHING.read(loss), TEMPERATURE.read(loss),
                DISTILLATION_WEIGHT.read(loss)));
        StrictConfig opt = OPTIMIZER.checkKeys(root.objectOrEmpty("optimizer"));
        OPTIMIZER_TYPE.read(opt);
        OptimizerSettings optimizer = build(opt, () -> new OptimizerSettings(MOMENTUM.read(opt), NESTEROV.read(opt),
                WEIGHT_DECAY.read(opt)));
        StrictConfig aug = AUGMENTATION.checkKeys(root.objectOrEmpty("augmentation"));
        Augmentation augmentation = new Augmentation(PAD_CROP.read(aug), HORIZONTAL_FLIP.read(aug));

        StrictConfig validation = VALIDATION.checkKeys(root.objectOrEmpty("validation"));
        int validationImages = VALIDATION_IMAGES.read(validation);
        if (validationImages > data.validationSize()) {
            throw validation.error("images", validationImages + " is more than the " + data.validationSize()
                    + " held-out images (data.validation-size)");
        }
        StrictConfig checkpoint = CHECKPOINT.checkKeys(root.objectOrEmpty("checkpoint"));
        StrictConfig progress = PROGRESS.checkKeys(root.objectOrEmpty("progress"));
        StrictConfig log = LOG.checkKeys(root.objectOrEmpty("log"));
        Monitoring monitoring = new Monitoring(validationImages, VALIDATION_EVERY_EPOCHS.read(validation),
                VALIDATION_BATCH_SIZE.read(validation), LOG_EVERY_STEPS.read(log), PROGRESS_EVERY_SECONDS.read(progress),
                CHECKPOINT_EVERY_STEPS.read(checkpoint), CHECKPOINT_EVERY_MINUTES.read(checkpoint));

        int threads = THREADS.read(root);
        int batchSize = BATCH_SIZE.read(root);
        return new TrainSettings(space, data, output, weights, SEED.read(root), threads, batchSize, schedule,
                phases, INCLUDE_SMALLEST.read(sampling), lossSettings, optimizer, augmentation, monitoring);
    }

    private static boolean finiteFromZero(double v) {
        return v >= 0 && Double.isFinite(v);
    }

    private static List<Phase> progressive(StrictConfig root, OfaSpace space, int defaultSubnets) {
        StrictConfig progressive = root.objectOrEmpty("progressive");
        List<String> order = PHASES.read(progressive);
        for (String name : order) {
            if (!name.matches("[a-z0-9][a-z0-9-]*")) {
                throw progressive.error("phases", "phase name '" + name + "' must be lower-case letters, digits and '-'");
            }
        }
        Set<String> known = new HashSet<>(order);
        if (known.size() != order.size()) {
            throw progressive.error("phases", "names a phase twice: " + order);
        }
        known.add("phases");
        progressive.requireOnly(known);
        List<Phase> phases = new ArrayList<>();
        Set<ElasticDimension> before = EnumSet.noneOf(ElasticDimension.class);
        for (String name : order) {
            StrictConfig c = PHASE.checkKeys(progressive.object(name));
            Set<ElasticDimension> elastic = elastic(c, space);
            if (!elastic.containsAll(before)) {
                Set<ElasticDimension> dropped = EnumSet.copyOf(before);
                dropped.removeAll(elastic);
                throw c.error("elastic", "drops " + names(dropped) + ", which an earlier phase made elastic; progressive "
                        + "shrinking only adds dimensions (largest network, then kernel, depth, expand ratio)");
            }
            phases.add(phase(c, name, elastic, defaultSubnets));
            before = elastic.isEmpty() ? EnumSet.noneOf(ElasticDimension.class) : EnumSet.copyOf(elastic);
        }
        Set<ElasticDimension> untrained = varied(space);
        untrained.removeAll(before);
        if (!untrained.isEmpty()) {
            throw progressive.error(order.get(order.size() - 1) + ".elastic", "the last phase leaves " + names(untrained)
                    + " fixed at the largest choice, but space '" + space.name() + "' varies it: the search would evaluate "
                    + "sub-networks that were never trained. Make it elastic in the last phase");
        }
        return phases;
    }

    private static Phase allAtOnce(StrictConfig root, OfaSpace space, int defaultSubnets) {
        StrictConfig c = ALL_AT_ONCE.checkKeys(root.objectOrEmpty("all-at-once"));
        return phase(c, "all-at-once", varied(space), defaultSubnets);
    }

    private static Phase phase(StrictConfig c, String name, Set<ElasticDimension> elastic, int defaultSubnets) {
        return build(c, () -> new Phase(name, elastic, EPOCHS.read(c), LEARNING_RATE.read(c), WARMUP_EPOCHS.read(c),
                SUBNETS.readIfSet(c).orElse(defaultSubnets)));
    }

    private static Set<ElasticDimension> elastic(StrictConfig c, OfaSpace space) {
        Set<ElasticDimension> elastic = EnumSet.noneOf(ElasticDimension.class);
        Set<ElasticDimension> varied = varied(space);
        for (String name : ELASTIC.read(c)) {
            ElasticDimension d = parse(c, "elastic", ElasticDimension::parse, name);
            if (!varied.contains(d)) {
                throw c.error("elastic", "makes " + d.configName() + " elastic, but space '" + space.name() + "' has a "
                        + "single " + d.configName() + " choice; remove it from the phase or use a space that varies it");
            }
            elastic.add(d);
        }
        return elastic;
    }

    /** The dimensions the space gives more than one choice. */
    static Set<ElasticDimension> varied(OfaSpace space) {
        Set<ElasticDimension> varied = EnumSet.noneOf(ElasticDimension.class);
        space.dimensions().stream().filter(d -> d.size() > 1).forEach(d -> varied.add(ElasticDimension.ofGene(d.name())));
        return varied;
    }

    private static String names(Set<ElasticDimension> dims) {
        return String.join(", ", dims.stream().map(ElasticDimension::configName).toList());
    }

    private interface Parser<T> {
        T parse(String text);
    }

    private static <T> T parse(StrictConfig c, String key, Parser<T> parser, String text) {
        try {
            return parser.parse(text);
        } catch (IllegalArgumentException e) {
            throw c.error(key, e.getMessage());
        }
    }

    private static <T> T build(StrictConfig c, java.util.function.Supplier<T> builder) {
        try {
            return builder.get();
        } catch (IllegalArgumentException e) {
            throw new ConfigException("'" + (c.path().isEmpty() ? "(root)" : c.path()) + "': " + e.getMessage(), e);
        }
    }
}
