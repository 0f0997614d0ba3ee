package org.sparknas.train;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sparknas.config.ConfigException;
import org.sparknas.config.ConfigFiles;
import org.sparknas.config.StrictConfig;
import org.sparknas.data.DataSettings;
import org.sparknas.space.OfaSpace;
import org.sparknas.space.SearchSpace;
import org.sparknas.space.SearchSpaces;

/**
 * Reads {@code conf/train.conf} (HOCON, with command-line overrides) into {@link TrainSettings}.
 * Strict: unknown keys, wrong types, impossible values and a schedule that does not fit the space
 * are refused with the key that is wrong, before any data is read.
 */
public final class TrainConfig {

    private static final Set<String> ROOT_KEYS = Set.of("space", "output", "weights", "data", "seed", "threads",
            "batch-size", "schedule", "progressive", "all-at-once", "sampling", "loss", "optimizer", "augmentation",
            "validation", "checkpoint", "progress", "log");
    private static final Set<String> DATA_KEYS = Set.of("source", "dir", "validation-size", "calibration-size", "split-seed");
    private static final Set<String> PHASE_KEYS = Set.of("elastic", "epochs", "learning-rate", "warmup-epochs", "subnets");
    private static final Set<String> ALL_AT_ONCE_KEYS = Set.of("epochs", "learning-rate", "warmup-epochs", "subnets");

    private TrainConfig() {
    }

    /** Reads {@code file}, applies {@code overrides} (HOCON paths to values) and checks everything. */
    public static TrainSettings load(Path file, Map<String, String> overrides) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("configuration file " + file + " does not exist; the default is conf/train.conf");
        }
        Config base;
        try {
            base = ConfigFiles.parse(file);
        } catch (com.typesafe.config.ConfigException e) {
            throw new ConfigException("cannot read " + file + ": " + e.getMessage(), e);
        }
        Config merged = base;
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            merged = override(e.getKey(), e.getValue()).withFallback(merged);
        }
        try {
            return fromConfig(merged.resolve());
        } catch (com.typesafe.config.ConfigException e) {
            throw new ConfigException("cannot resolve " + file + ": " + e.getMessage(), e);
        }
    }

    /** {@code key = value} as HOCON, or the value as a literal string when it is not HOCON (a path with colons). */
    private static Config override(String key, String value) {
        try {
            return ConfigFactory.parseString(key + " = " + value);
        } catch (com.typesafe.config.ConfigException notHocon) {
            try {
                return ConfigFactory.empty().withValue(key, ConfigValueFactory.fromAnyRef(value));
            } catch (com.typesafe.config.ConfigException badKey) {
                throw new ConfigException("cannot apply the override '" + key + "=" + value + "': " + badKey.getMessage(),
                        badKey);
            }
        }
    }

    public static TrainSettings fromConfig(Config config) {
        StrictConfig root = new StrictConfig(config, "").requireOnly(ROOT_KEYS);
        SearchSpace parsed = SearchSpaces.fromConfig(root.object("space"));
        if (!(parsed instanceof OfaSpace space)) {
            throw root.error("space", "space '" + parsed.name() + "' is not an Once-for-All space (type = ofa); only those "
                    + "have a supernet to train");
        }
        DataSettings data = data(root.object("data").requireOnly(DATA_KEYS));
        String output = root.string("output");
        if (output.isBlank()) {
            throw root.error("output", "is empty; give a directory or a Hadoop FileSystem URI");
        }
        String weights = root.string("weights", "");
        if (weights.isBlank()) {
            weights = OutputFiles.resolve(output, "supernet.weights");
        }

        StrictConfig sampling = root.object("sampling").requireOnly(Set.of("subnets", "include-smallest"));
        int defaultSubnets = nonNegative(sampling, "subnets");
        Schedule schedule = parse(root, "schedule", Schedule::parse);
        List<Phase> phases = schedule == Schedule.PROGRESSIVE
                ? progressive(root, space, defaultSubnets) : List.of(allAtOnce(root, space, defaultSubnets));

        StrictConfig loss = root.object("loss").requireOnly(Set.of("label-smoothing", "temperature", "distillation-weight"));
        LossSettings lossSettings = build(loss, () -> new LossSettings(loss.number("label-smoothing"),
                loss.number("temperature"), loss.number("distillation-weight")));
        StrictConfig opt = root.object("optimizer").requireOnly(Set.of("type", "momentum", "nesterov", "weight-decay"));
        if (!opt.string("type", "sgd").equals("sgd")) {
            throw opt.error("type", "unknown optimiser '" + opt.string("type") + "'; the trainer implements sgd "
                    + "(with momentum and optional Nesterov), Once-for-All's optimiser");
        }
        OptimizerSettings optimizer = build(opt, () -> new OptimizerSettings(opt.number("momentum"),
                opt.bool("nesterov", true), opt.number("weight-decay")));
        StrictConfig aug = root.object("augmentation").requireOnly(Set.of("pad-crop", "horizontal-flip"));
        Augmentation augmentation = new Augmentation(nonNegative(aug, "pad-crop"), aug.bool("horizontal-flip", false));

        StrictConfig validation = root.object("validation").requireOnly(Set.of("images", "every-epochs", "batch-size"));
        int validationImages = positive(validation, "images");
        if (validationImages > data.validationSize()) {
            throw validation.error("images", validationImages + " is more than the " + data.validationSize()
                    + " held-out images (data.validation-size)");
        }
        StrictConfig checkpoint = root.object("checkpoint").requireOnly(Set.of("every-steps", "every-minutes"));
        StrictConfig progress = root.object("progress").requireOnly(Set.of("every-seconds"));
        StrictConfig log = root.object("log").requireOnly(Set.of("every-steps"));
        Monitoring monitoring = new Monitoring(validationImages, nonNegative(validation, "every-epochs"),
                positive(validation, "batch-size"), positive(log, "every-steps"),
                nonNegativeNumber(progress, "every-seconds"), nonNegative(checkpoint, "every-steps"),
                nonNegativeNumber(checkpoint, "every-minutes"));

        int threads = positive(root, "threads");
        int batchSize = positive(root, "batch-size");
        return new TrainSettings(space, data, output, weights, root.longValue("seed", 0), threads, batchSize, schedule,
                phases, sampling.bool("include-smallest", true), lossSettings, optimizer, augmentation, monitoring);
    }

    private static DataSettings data(StrictConfig data) {
        String source = data.string("source");
        if (!source.equals("fashion-mnist") && !source.equals("synthetic")) {
            throw data.error("source", "unknown data source '" + source + "'; use fashion-mnist or synthetic");
        }
        return new DataSettings(source, data.string("dir", "data/fashion-mnist"), positive(data, "validation-size"),
                positive(data, "calibration-size"), data.longValue("split-seed", 0));
    }

    private static List<Phase> progressive(StrictConfig root, OfaSpace space, int defaultSubnets) {
        StrictConfig progressive = root.object("progressive");
        List<String> order = progressive.strings("phases", List.of());
        if (order.isEmpty()) {
            throw progressive.error("phases", "is missing or empty; list the phases of progressive shrinking in order, "
                    + "each with its own object, e.g. phases = [largest, kernel, depth, expand]");
        }
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
            StrictConfig c = progressive.object(name).requireOnly(PHASE_KEYS);
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
        StrictConfig c = root.object("all-at-once").requireOnly(ALL_AT_ONCE_KEYS);
        return phase(c, "all-at-once", varied(space), defaultSubnets);
    }

    private static Phase phase(StrictConfig c, String name, Set<ElasticDimension> elastic, int defaultSubnets) {
        return build(c, () -> new Phase(name, elastic, positive(c, "epochs"), c.number("learning-rate"),
                c.number("warmup-epochs", 0), c.has("subnets") ? nonNegative(c, "subnets") : defaultSubnets));
    }

    private static Set<ElasticDimension> elastic(StrictConfig c, OfaSpace space) {
        Set<ElasticDimension> elastic = EnumSet.noneOf(ElasticDimension.class);
        Set<ElasticDimension> varied = varied(space);
        for (String name : c.strings("elastic", List.of())) {
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

    private static <T> T parse(StrictConfig c, String key, Parser<T> parser) {
        return parse(c, key, parser, c.string(key));
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

    private static int positive(StrictConfig c, String key) {
        int v = c.integer(key);
        if (v <= 0) {
            throw c.error(key, "must be positive, got " + v);
        }
        return v;
    }

    private static int nonNegative(StrictConfig c, String key) {
        int v = c.integer(key);
        if (v < 0) {
            throw c.error(key, "cannot be negative, got " + v);
        }
        return v;
    }

    private static double nonNegativeNumber(StrictConfig c, String key) {
        double v = c.number(key);
        if (!(v >= 0) || !Double.isFinite(v)) {
            throw c.error(key, "must be zero or positive, got " + v);
        }
        return v;
    }
}
