package org.sparknas.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The evaluation fingerprint of the shipped search configuration changes with every setting that
 * changes a measured accuracy or loss, and with nothing that only moves images or names a strategy.
 */
class EvaluationFingerprintTest {

    private static final Path SEARCH = Path.of("../conf/search.conf");

    private static String fingerprint(Map<String, String> overrides) {
        return EvaluationFingerprint.of(SearchSettings.load(SEARCH, overrides));
    }

    @Test
    void everySettingThatChangesAMeasurementChangesItAndNothingElseDoes() {
        String shipped = fingerprint(Map.of());
        assertEquals(64, shipped.length(), "a SHA-256 in hex, as the space fingerprint");

        Map<String, Map<String, String>> measuredOtherwise = new LinkedHashMap<>();
        measuredOtherwise.put("calibration-size", Map.of("data.calibration-size", "1000"));
        measuredOtherwise.put("split-seed", Map.of("data.split-seed", "1"));
        measuredOtherwise.put("validation-size", Map.of("data.validation-size", "6000"));
        measuredOtherwise.put("batch-size", Map.of("evaluation.batch-size", "100"));
        measuredOtherwise.put("source", Map.of("data.source", "synthetic"));
        measuredOtherwise.put("own images", Map.of("data.source", "image-folder", "data.path", "/data/photos",
                "data.image-size", "28", "data.channels", "1"));
        measuredOtherwise.put("evaluator", Map.of("evaluator.provider", FormulaEvaluatorProvider.class.getName()));
        measuredOtherwise.put("evaluator settings", Map.of("evaluator.provider", FormulaEvaluatorProvider.class.getName(),
                "evaluator.settings.fail-resolution", "20"));
        Map<String, String> seen = new HashMap<>();
        seen.put(shipped, "shipped");
        measuredOtherwise.forEach((what, overrides) -> {
            String other = fingerprint(overrides);
            assertEquals(null, seen.put(other, what), what + " gives a fingerprint of its own");
        });

        // the own images' decoding and place are part of it
        Map<String, String> photos = Map.of("data.source", "image-folder", "data.path", "/data/photos",
                "data.image-size", "28", "data.channels", "1");
        String own = fingerprint(photos);
        assertNotEquals(own, fingerprint(with(photos, "data.path", "/data/other-photos")));
        assertNotEquals(own, fingerprint(with(photos, "data.image-size", "32")));
        assertNotEquals(own, fingerprint(with(photos, "data.channels", "3")));
        assertEquals(own, fingerprint(with(photos, "data.test-path", "/data/test-photos")), "test images are for reports");

        // where a copy of Fashion-MNIST lies, how images reach the executors, the strategy and the search's
        // size do not change a measurement
        assertEquals(shipped, fingerprint(Map.of("data.dir", "/usr/share/datasets/fashion-mnist")));
        assertEquals(shipped, fingerprint(Map.of("data.delivery", "executors", "data.broadcast-limit", "1M",
                "data.cache-dir", "/tmp/images")));
        assertEquals(shipped, fingerprint(Map.of("search.seed", "9", "search.generations", "3", "search.fidelity", "500",
                "strategy.name", "random")));
    }

    private static Map<String, String> with(Map<String, String> settings, String key, String value) {
        Map<String, String> out = new HashMap<>(settings);
        out.put(key, value);
        return out;
    }
}
