package org.sparknas.jobs;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The {@code --set key=value} option of every command that reads a HOCON configuration (search,
 * specialize, train-supernet): the same option, read by the same loader
 * ({@link org.sparknas.config.ConfigLoader}), so an override behaves and fails alike everywhere.
 */
public final class ConfigOverrides {

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Any configuration key, e.g. --set data.source=synthetic"
            + " (repeatable; a later one wins; docs/configuration.md lists every key)")
    Map<String, String> sets = new LinkedHashMap<>();

    /** The --set overrides in the order given, as a fresh map the command may add its named options to. */
    Map<String, String> overrides() {
        return new LinkedHashMap<>(sets);
    }
}
