package org.sparknas.supernet;

import java.util.Map;
import java.util.TreeMap;

/**
 * How a supernet's weights came to be, as free-form key/value pairs stored in its manifest (e.g.
 * {@code method = progressive-shrinking}, epochs per phase, the config file, the seed, the
 * accuracy reached). Kept sorted, so the manifest text is the same for the same facts.
 */
public record TrainingInfo(Map<String, String> properties) {

    public TrainingInfo {
        properties = java.util.Collections.unmodifiableMap(new TreeMap<>(properties));
    }

    /** Freshly initialised, not trained: what tests and benchmarks use. */
    public static TrainingInfo untrained(long seed) {
        return new TrainingInfo(Map.of("method", "untrained", "init-seed", Long.toString(seed)));
    }

    public String get(String key) {
        return properties.get(key);
    }
}
