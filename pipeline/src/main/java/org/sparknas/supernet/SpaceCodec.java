package org.sparknas.supernet;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sparknas.config.ConfigException;
import org.sparknas.config.StrictConfig;
import org.sparknas.space.OfaSpace;
import org.sparknas.space.OfaStage;
import org.sparknas.space.Precision;
import org.sparknas.space.SearchSpace;
import org.sparknas.space.SearchSpaces;

/**
 * Writes an {@link OfaSpace} as the {@code space { ... }} object of {@code conf/spaces/*.conf} and
 * reads it back through {@link SearchSpaces}, so that weights files and exported models carry the
 * full definition of the space they belong to; and lists how two spaces differ, for error messages.
 */
public final class SpaceCodec {

    private SpaceCodec() {
    }

    public static Config toConfig(OfaSpace space) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("type", "ofa");
        root.put("name", space.name());
        root.put("input-channels", space.inputChannels());
        root.put("num-classes", space.numClasses());
        root.put("resolutions", space.resolutions());
        Map<String, Object> stem = new LinkedHashMap<>();
        stem.put("channels", space.stem().channels());
        stem.put("kernel", space.stem().kernel());
        stem.put("stride", space.stem().stride());
        stem.put("activation", space.stem().activation().configName());
        root.put("stem", stem);
        List<Object> stages = new ArrayList<>();
        for (OfaStage s : space.stages()) {
            Map<String, Object> stage = new LinkedHashMap<>();
            stage.put("channels", s.channels());
            stage.put("stride", s.stride());
            stage.put("depths", s.depths());
            stage.put("kernels", s.kernels());
            stage.put("expand-ratios", s.expandRatios());
            stage.put("se", s.squeezeExcite());
            stage.put("activation", s.activation().configName());
            stages.add(stage);
        }
        root.put("stages", stages);
        Map<String, Object> head = new LinkedHashMap<>();
        head.put("channels", space.head().channels());
        head.put("activation", space.head().activation().configName());
        root.put("head", head);
        // Only when declared, so that the definition of a space without precisions (and the weights
        // files and exported models that carry it) reads exactly as before precisions existed.
        if (space.declaresPrecisions()) {
            root.put("precisions", space.precisions().stream().map(Precision::configName).toList());
        }
        return ConfigValueFactory.fromMap(root).toConfig();
    }

    /**
     * @param where names the file the object came from, for the error message
     * @throws ConfigException when the object is not a valid Once-for-All space
     */
    public static OfaSpace fromConfig(Config spaceObject, String where) {
        SearchSpace space;
        try {
            space = SearchSpaces.fromConfig(new StrictConfig(spaceObject, "space"));
        } catch (ConfigException e) {
            throw new ConfigException(where + " holds an invalid search space: " + e.getMessage(), e);
        }
        return OfaSpace.require(space, where + " holds it, and a supernet needs one");
    }

    /**
     * What differs between two spaces in what shapes the network (name aside), as readable lines.
     * Precisions are left out: they choose how a sub-network is deployed (fp32 or quantized after
     * training), not its layers, so a supernet's weights serve a space with or without them alike.
     * This matches {@link OfaSpace#networkFingerprint()}, which weights files are checked against.
     */
    public static List<String> differences(OfaSpace a, OfaSpace b) {
        List<String> diff = new ArrayList<>();
        compare(diff, "input-channels", a.inputChannels(), b.inputChannels());
        compare(diff, "num-classes", a.numClasses(), b.numClasses());
        compare(diff, "resolutions", a.resolutions(), b.resolutions());
        compare(diff, "stem", a.stem(), b.stem());
        compare(diff, "number of stages", a.stages().size(), b.stages().size());
        for (int i = 0; i < Math.min(a.stages().size(), b.stages().size()); i++) {
            compare(diff, "stages[" + i + "]", a.stages().get(i), b.stages().get(i));
        }
        compare(diff, "head", a.head(), b.head());
        return diff;
    }

    private static void compare(List<String> diff, String key, Object a, Object b) {
        if (!a.equals(b)) {
            diff.add(key + ": " + a + " vs " + b);
        }
    }
}
