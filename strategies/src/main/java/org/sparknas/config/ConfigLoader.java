package org.sparknas.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The one way a command reads its HOCON configuration: the file (includes found as
 * {@link ConfigFiles} says), then each {@code --set key=value} on top in order (a later one wins),
 * then substitutions resolved. Every command that reads a {@code .conf} file goes through here, so
 * a missing file, a file that does not parse and an override that cannot be applied read the same
 * whichever command was run.
 */
public final class ConfigLoader {

    private ConfigLoader() {
    }

    /**
     * Reads {@code file} and applies {@code overrides} (HOCON paths to values, in order).
     *
     * @throws ConfigException naming the file or the override that is wrong
     */
    public static Config load(Path file, Map<String, String> overrides) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("configuration file " + file + " does not exist; give an existing file with --config");
        }
        Config base;
        try {
            base = ConfigFiles.parse(file);
        } catch (com.typesafe.config.ConfigException e) {
            throw new ConfigException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return withOverrides(base, overrides, file.toString());
    }

    /** {@code base} with {@code overrides} on top, resolved; {@code source} names base in messages. */
    public static Config withOverrides(Config base, Map<String, String> overrides, String source) {
        Config merged = base;
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            merged = override(e.getKey(), e.getValue()).withFallback(merged);
        }
        try {
            return merged.resolve();
        } catch (com.typesafe.config.ConfigException e) {
            throw new ConfigException("cannot resolve " + source + " with its --set overrides: " + e.getMessage(), e);
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
                throw new ConfigException("cannot apply --set " + key + "=" + value + ": '" + key + "' is not a configuration"
                        + " key (" + badKey.getMessage() + ")", badKey);
            }
        }
    }
}
