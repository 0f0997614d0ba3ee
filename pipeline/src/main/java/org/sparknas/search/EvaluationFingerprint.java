package org.sparknas.search;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.sparknas.data.DataSettings;
import org.sparknas.space.Fingerprints;

/**
 * How a search's trials are measured, beyond the supernet weights, the architecture and the
 * fidelity (which the trials table records itself): the SHA-256 of a canonical text of every
 * setting that changes a measured accuracy or loss. The run catalog records it
 * ({@code evaluation_fingerprint}); a trial is reused, and told to a warm start, only by a run with
 * the same one, so a run on other images or with BatchNorm calibrated otherwise measures for itself.
 *
 * <p>In it: the evaluator (provider class and its {@code evaluator.settings}); which images and how
 * they are decoded ({@link DataSettings#imagesName()}); the split ({@code validation-size},
 * {@code calibration-size}, {@code split-seed}: which images are validation and calibration
 * images, and in which order); and {@code evaluation.batch-size}. The batch size is in because
 * BatchNorm re-calibration normalises each batch by that batch's own statistics
 * ({@code NormMode.CALIBRATION}): every layer after the first BatchNorm sees values that depend on
 * which images share its batch, so another batch size gives other BatchNorm statistics and other
 * accuracies (only the inference batches, fp32 and int8, leave the numbers as they are).
 *
 * <p>Not in it: latency metrics (table predictions are recomputed and checked on reuse by
 * {@code LatencyConsistentStore}; end-to-end measurements depend on the executor's hardware, which
 * no setting fixes), the precision (part of
 * the architecture key), the input normalisation (part of the weights), and how images reach the
 * executors (the same decoded images either way).
 */
public final class EvaluationFingerprint {

    /**
     * The version of what a measurement is: raise it when the evaluator's code changes the numbers it
     * gives for the same settings, so that trials measured before are not reused.
     */
    static final int PROTOCOL = 1;

    /** The default evaluator's provider class, for {@link #of(String, String, DataSettings, int)}. */
    public static final String SUPERNET_PROVIDER = EvaluatorProviders.DEFAULT;

    private EvaluationFingerprint() {
    }

    /** The fingerprint of {@code settings}' evaluation. */
    public static String of(SearchSettings settings) {
        return of(settings.evaluatorProvider().orElse(SUPERNET_PROVIDER), evaluatorSettings(settings.config()),
                settings.data(), settings.batchSize());
    }

    /**
     * @param provider          the evaluator provider's class name
     * @param evaluatorSettings {@code evaluator.settings} rendered (keys sorted), "" when there are none
     */
    public static String of(String provider, String evaluatorSettings, DataSettings data, int batchSize) {
        Map<String, String> parts = new TreeMap<>();
        parts.put("protocol", Integer.toString(PROTOCOL));
        parts.put("evaluator.provider", provider);
        parts.put("evaluator.settings", evaluatorSettings);
        parts.put("data.images", data.imagesName());
        parts.put("data.validation-size", Integer.toString(data.validationSize()));
        parts.put("data.calibration-size", Integer.toString(data.calibrationSize()));
        parts.put("data.split-seed", Long.toString(data.splitSeed()));
        parts.put("evaluation.batch-size", Integer.toString(batchSize));
        StringBuilder text = new StringBuilder();
        parts.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        return Fingerprints.sha256(text.toString());
    }

    private static String evaluatorSettings(Config config) {
        return Optional.of("evaluator.settings").filter(config::hasPath)
                .map(p -> config.getValue(p).render(ConfigRenderOptions.concise())).orElse("");
    }
}
