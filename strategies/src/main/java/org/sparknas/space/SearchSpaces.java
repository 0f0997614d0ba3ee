package org.sparknas.space;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.sparknas.config.ConfigException;
import org.sparknas.config.ConfigFiles;
import org.sparknas.config.StrictConfig;

/**
 * Builds a {@link SearchSpace} from HOCON (the {@code space} object of {@code conf/spaces/*.conf}).
 * Unknown keys, unknown types, empty choice lists and impossible shapes are refused with the key
 * that is wrong.
 *
 * <pre>
 * space {
 *   type = ofa                      # or: categorical
 *   name = ofa-fmnist
 *   input-channels = 1
 *   num-classes = 10
 *   resolutions = [20, 24, 28]
 *   stem { channels = 16, kernel = 3, stride = 2, activation = hswish }
 *   stage-defaults { depths = [2, 3, 4], kernels = [3, 5, 7], expand-ratios = [3, 4, 6], se = false, activation = relu }
 *   stages = [ { channels = 16, stride = 2 }, { channels = 24, stride = 1, se = true, activation = hswish } ]
 *   head { channels = 128, activation = hswish }
 *   precisions = [fp32, int8]       # optional: search the deployment precision too (one more gene)
 * }
 * space { type = categorical, name = nb201, dimensions = [ { name = edge1, choices = [0, 1, 2, 3, 4] }, ... ] }
 * space { type = categorical, name = macro, count = 8, choices = [0, 1, 2], prefix = layer }
 * </pre>
 */
public final class SearchSpaces {

    private static final Set<String> OFA_KEYS = Set.of("type", "name", "input-channels", "num-classes", "resolutions",
            "stem", "stage-defaults", "stages", "head", "precisions");
    private static final Set<String> STAGE_KEYS = Set.of("channels", "stride", "depths", "kernels", "expand-ratios", "se",
            "activation");
    private static final Set<String> STAGE_DEFAULT_KEYS = Set.of("depths", "kernels", "expand-ratios", "se", "activation");
    private static final Set<String> STEM_KEYS = Set.of("channels", "kernel", "stride", "activation");
    private static final Set<String> HEAD_KEYS = Set.of("channels", "activation");
    private static final Set<String> CATEGORICAL_KEYS = Set.of("type", "name", "dimensions", "count", "choices", "prefix");
    private static final Set<String> DIMENSION_KEYS = Set.of("name", "choices");

    private SearchSpaces() {
    }

    /** Reads the {@code space} object of a HOCON file. */
    public static SearchSpace load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("search space file " + file + " does not exist; point to a file such as conf/spaces/ofa-fmnist.conf");
        }
        Config root;
        try {
            root = ConfigFiles.parse(file).resolve();
        } catch (com.typesafe.config.ConfigException e) {
            throw new ConfigException("cannot read search space file " + file + ": " + e.getMessage(), e);
        }
        if (!root.hasPath("space")) {
            throw new ConfigException("search space file " + file + " has no 'space { ... }' object");
        }
        return fromConfig(new StrictConfig(root, "").object("space"));
    }

    /** Builds the space an already parsed {@code space} object describes. */
    public static SearchSpace fromConfig(StrictConfig space) {
        String type = space.string("type");
        try {
            return switch (type) {
                case "ofa" -> ofa(space);
                case "categorical" -> categorical(space);
                default -> throw space.error("type", "unknown search space type '" + type + "'; use ofa or categorical");
            };
        } catch (IllegalArgumentException e) {
            throw new ConfigException("search space '" + space.path() + "': " + e.getMessage(), e);
        }
    }

    private static OfaSpace ofa(StrictConfig space) {
        space.requireOnly(OFA_KEYS);
        StrictConfig stemConfig = space.object("stem").requireOnly(STEM_KEYS);
        OfaStem stem = new OfaStem(stemConfig.integer("channels"), stemConfig.integer("kernel", 3),
                stemConfig.integer("stride", 1), activation(stemConfig, "activation", Activation.HSWISH));
        StrictConfig defaults = space.has("stage-defaults")
                ? space.object("stage-defaults").requireOnly(STAGE_DEFAULT_KEYS)
                : new StrictConfig(com.typesafe.config.ConfigFactory.empty(), space.key("stage-defaults"));
        List<OfaStage> stages = new ArrayList<>();
        for (StrictConfig stage : space.objects("stages")) {
            stage.requireOnly(STAGE_KEYS);
            StrictConfig merged = new StrictConfig(stage.raw().withFallback(defaults.raw()), stage.path());
            try {
                stages.add(new OfaStage(merged.integer("channels"), merged.integer("stride", 1),
                        choices(merged, "depths"), choices(merged, "kernels"), choices(merged, "expand-ratios"),
                        merged.bool("se", false), activation(merged, "activation", Activation.RELU)));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("'" + stage.path() + "': " + e.getMessage(), e);
            }
        }
        if (stages.isEmpty()) {
            throw space.error("stages", "is empty; an Once-for-All space needs at least one stage");
        }
        StrictConfig headConfig = space.object("head").requireOnly(HEAD_KEYS);
        OfaHead head = new OfaHead(headConfig.integer("channels"), activation(headConfig, "activation", Activation.HSWISH));
        return new OfaSpace(space.string("name"), space.integer("input-channels", 1), space.integer("num-classes"),
                choices(space, "resolutions"), stem, stages, head, precisions(space));
    }

    /** The optional {@code precisions} list; absent means no precision dimension at all (not "fp32 only"). */
    private static List<Precision> precisions(StrictConfig space) {
        if (!space.has("precisions")) {
            return List.of();
        }
        List<String> names = space.strings("precisions", List.of());
        if (names.isEmpty()) {
            throw space.error("precisions", "is an empty list; give at least one of " + Precision.allowedNames()
                    + ", or leave the key out for a space without a precision dimension");
        }
        List<Precision> precisions = new ArrayList<>();
        for (String name : names) {
            Precision p;
            try {
                p = Precision.parse(name);
            } catch (IllegalArgumentException e) {
                throw space.error("precisions", "'" + name + "' is not a precision; allowed: " + Precision.allowedNames());
            }
            if (precisions.contains(p)) {
                throw space.error("precisions", "lists " + p.configName() + " twice; give each precision once");
            }
            precisions.add(p);
        }
        return precisions;
    }

    private static List<Integer> choices(StrictConfig c, String key) {
        List<Integer> values = c.integers(key);
        if (values.isEmpty()) {
            throw c.error(key, "is an empty choice list; give at least one value");
        }
        return values;
    }

    private static Activation activation(StrictConfig c, String key, Activation fallback) {
        if (!c.has(key)) {
            return fallback;
        }
        try {
            return Activation.parse(c.string(key));
        } catch (IllegalArgumentException e) {
            throw c.error(key, e.getMessage());
        }
    }

    private static CategoricalSpace categorical(StrictConfig space) {
        space.requireOnly(CATEGORICAL_KEYS);
        String name = space.string("name");
        if (space.has("dimensions")) {
            if (space.has("count") || space.has("choices")) {
                throw space.error("dimensions", "give either 'dimensions' or 'count' with 'choices', not both");
            }
            List<Dimension> dims = new ArrayList<>();
            for (StrictConfig d : space.objects("dimensions")) {
                d.requireOnly(DIMENSION_KEYS);
                dims.add(new Dimension(d.string("name"), choices(d, "choices")));
            }
            if (dims.isEmpty()) {
                throw space.error("dimensions", "is empty; give at least one dimension");
            }
            return new CategoricalSpace(name, dims);
        }
        int count = space.integer("count");
        if (count <= 0) {
            throw space.error("count", "must be positive, got " + count);
        }
        return CategoricalSpace.uniform(name, space.string("prefix", "x"), count, choices(space, "choices"));
    }
}
