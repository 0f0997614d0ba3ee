package org.sparknas.supernet;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sparknas.config.ConfigException;
import org.sparknas.space.OfaSpace;

/**
 * The JSON manifest at the start of a supernet weights file: the space the weights belong to (its
 * full definition and fingerprint), the shape of every parameter, the size and SHA-256 of the
 * parameter bytes, the input normalisation, and how the weights were trained.
 */
public record WeightsManifest(int version, OfaSpace space, String spaceFingerprint, List<ParameterShape> parameters,
                              long parameterBytes, String parameterSha256, InputNormalization normalization,
                              TrainingInfo training) {

    public static final String FORMAT = "sparknas-supernet-weights";
    public static final int VERSION = 1;

    /** One parameter: its name in the supernet and its shape. */
    public record ParameterShape(String name, List<Long> shape) {
        public ParameterShape {
            shape = List.copyOf(shape);
        }
    }

    public WeightsManifest {
        parameters = List.copyOf(parameters);
        if (normalization.channels() != space.inputChannels()) {
            throw new IllegalArgumentException("an input normalisation of " + normalization.channels()
                    + " channel(s) does not fit space '" + space.name() + "' with input-channels = " + space.inputChannels());
        }
    }

    public String toJson() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", FORMAT);
        root.put("version", version);
        root.put("space", SpaceCodec.toConfig(space).root().unwrapped());
        root.put("space-fingerprint", spaceFingerprint);
        List<Object> params = new ArrayList<>();
        for (ParameterShape p : parameters) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", p.name());
            entry.put("shape", p.shape());
            params.add(entry);
        }
        root.put("parameters", params);
        root.put("parameter-bytes", parameterBytes);
        root.put("parameter-sha256", parameterSha256);
        root.put("input", NormalizationCodec.toMap(normalization));
        root.put("training", training.properties());
        return ConfigValueFactory.fromMap(root).render(ConfigRenderOptions.concise().setFormatted(true).setJson(true));
    }

    /**
     * Reads a manifest and checks that its space definition and fingerprint agree.
     *
     * @param source the file it came from, for messages
     */
    public static WeightsManifest fromConfig(Config c, String source) {
        try {
            String format = c.getString("format");
            if (!FORMAT.equals(format)) {
                throw new ConfigException(source + " is a '" + format + "' file, not a " + FORMAT + " file");
            }
            int version = c.getInt("version");
            if (version != VERSION) {
                throw new ConfigException(source + " has weights format version " + version + "; this build reads version "
                        + VERSION);
            }
            OfaSpace space = SpaceCodec.fromConfig(c.getConfig("space"), source);
            String fingerprint = c.getString("space-fingerprint");
            if (!space.fingerprint().equals(fingerprint)) {
                throw new ConfigException(source + ": the manifest's space-fingerprint " + fingerprint
                        + " does not match its own space definition (fingerprint " + space.fingerprint()
                        + "); the manifest was edited or damaged");
            }
            List<ParameterShape> params = new ArrayList<>();
            for (Config p : c.getConfigList("parameters")) {
                params.add(new ParameterShape(p.getString("name"), p.getLongList("shape")));
            }
            InputNormalization normalization = NormalizationCodec.fromConfig(c.getConfig("input"), source + ": the manifest's input");
            if (normalization.channels() != space.inputChannels()) {
                throw new ConfigException(source + ": the input normalisation has " + normalization.channels()
                        + " channel(s) but the space has input-channels = " + space.inputChannels()
                        + "; the manifest was edited or damaged");
            }
            Map<String, String> training = new LinkedHashMap<>();
            for (var e : c.getConfig("training").root().entrySet()) {
                training.put(e.getKey(), String.valueOf(e.getValue().unwrapped()));
            }
            return new WeightsManifest(version, space, fingerprint, params, c.getLong("parameter-bytes"),
                    c.getString("parameter-sha256"), normalization, new TrainingInfo(training));
        } catch (com.typesafe.config.ConfigException | IllegalArgumentException e) {
            throw new ConfigException(source + " has an invalid manifest: " + e.getMessage(), e);
        }
    }
}
