package org.sparknas.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.sparknas.data.DataSplit;
import org.sparknas.eval.SupernetEvaluator;
import org.sparknas.space.Architecture;
import org.sparknas.space.OfaSpace;
import org.sparknas.strategy.Metrics;
import org.sparknas.supernet.ElasticSupernet;
import org.sparknas.supernet.InputNormalization;

/**
 * The trained supernet's report card: the smallest network, the median one (the middle choice of
 * every dimension) and the largest, each BN re-calibrated on the calibration images and measured
 * on every held-out validation image, exactly as the search's evaluator does.
 */
final class FinalEvaluation {

    private FinalEvaluation() {
    }

    static List<SubnetAccuracy> measure(ElasticSupernet supernet, DataSplit split, InputNormalization normalization,
                                        int batchSize) {
        OfaSpace space = supernet.space();
        Map<String, Architecture> subjects = new java.util.LinkedHashMap<>();
        subjects.put("smallest", space.smallest());
        subjects.put("median", SubnetSampler.median(space));
        subjects.put("largest", space.largest());
        List<SubnetAccuracy> results = new ArrayList<>();
        int images = split.validation().count();
        try (SupernetEvaluator evaluator = SupernetEvaluator.over(supernet, split.calibration(), split.validation(),
                normalization, batchSize)) {
            for (Map.Entry<String, Architecture> s : subjects.entrySet()) {
                Map<String, Double> metrics = evaluator.evaluate(s.getValue(), images);
                results.add(new SubnetAccuracy(s.getKey(), s.getValue().key(), space.macs(s.getValue()),
                        metrics.get(Metrics.ACCURACY), metrics.get(Metrics.LOSS)));
            }
        }
        return results;
    }
}
