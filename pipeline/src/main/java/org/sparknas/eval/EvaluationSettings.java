package org.sparknas.eval;

import java.util.List;
import org.sparknas.config.Setting;
import org.sparknas.config.SettingGroup;
import org.sparknas.config.StrictConfig;

/**
 * The {@code evaluation { ... }} object of a search configuration: how the supernet evaluator runs
 * its sub-networks.
 *
 * @param batchSize images per inference and BN re-calibration batch
 */
public record EvaluationSettings(int batchSize) {

    public static final Setting<Integer> BATCH_SIZE = Setting.integer("batch-size", SupernetEvaluator.DEFAULT_BATCH_SIZE,
            "images per inference and BN re-calibration batch").positive();

    public static final SettingGroup GROUP = new SettingGroup("evaluation", "how the supernet evaluator runs sub-networks",
            List.of(BATCH_SIZE));

    /** Reads {@code evaluation} of the root configuration (absent: the defaults). */
    public static EvaluationSettings fromConfig(StrictConfig root) {
        return new EvaluationSettings(BATCH_SIZE.read(GROUP.checkKeys(root.objectOrEmpty("evaluation"))));
    }
}
