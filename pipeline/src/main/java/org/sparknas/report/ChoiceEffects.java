package org.sparknas.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.sparknas.space.SearchSpace;
import org.sparknas.store.TrialRecord;

/**
 * How each value of each choice relates to the metrics: over a run's successful trials, the mean
 * of every metric among the trials that made that choice. A choice with several values in one
 * architecture (the kernel sizes of a stage's blocks) counts the trial once per block, so the mean
 * is over blocks: "mean accuracy where a block of stage 2 has kernel 7".
 */
final class ChoiceEffects {

    /**
     * Sums and counts rather than means, so that the page can combine the runs a reader selects exactly.
     *
     * @param count  how many times the value was chosen (trials, or blocks for a per-block choice)
     * @param sums   per metric, in the order asked for: the sum of the metric over those choices
     * @param counts per metric: how many of them had the metric (a reused trial may lack a latency)
     */
    record Effect(String choice, int value, int count, List<Double> sums, List<Integer> counts) {

        Effect {
            sums = List.copyOf(sums);
            counts = List.copyOf(counts);
        }

        /** The mean of metric {@code m}, NaN when no choice had it. */
        double mean(int m) {
            return counts.get(m) == 0 ? Double.NaN : sums.get(m) / counts.get(m);
        }
    }

    private ChoiceEffects() {
    }

    /** In choice order, then by value. */
    static List<Effect> of(SearchSpace space, List<TrialRecord> trials, List<String> metrics) {
        Map<String, TreeMap<Integer, double[]>> sums = new LinkedHashMap<>();
        Map<String, TreeMap<Integer, int[]>> counts = new LinkedHashMap<>();
        Map<String, TreeMap<Integer, Integer>> chosen = new LinkedHashMap<>();
        for (TrialRecord t : trials) {
            if (!t.trial().isOk()) {
                continue;
            }
            Map<String, Double> values = t.trial().metrics();
            for (Map.Entry<String, List<Integer>> choice : space.choices(t.trial().architecture()).entrySet()) {
                for (int value : choice.getValue()) {
                    chosen.computeIfAbsent(choice.getKey(), k -> new TreeMap<>()).merge(value, 1, Integer::sum);
                    double[] sum = sums.computeIfAbsent(choice.getKey(), k -> new TreeMap<>())
                            .computeIfAbsent(value, v -> new double[metrics.size()]);
                    int[] n = counts.computeIfAbsent(choice.getKey(), k -> new TreeMap<>())
                            .computeIfAbsent(value, v -> new int[metrics.size()]);
                    for (int m = 0; m < metrics.size(); m++) {
                        Double v = values.get(metrics.get(m));
                        if (v != null && Double.isFinite(v)) {
                            sum[m] += v;
                            n[m]++;
                        }
                    }
                }
            }
        }
        List<Effect> effects = new ArrayList<>();
        chosen.forEach((choice, values) -> values.forEach((value, count) -> {
            double[] sum = sums.get(choice).get(value);
            int[] n = counts.get(choice).get(value);
            List<Double> sumList = new ArrayList<>();
            List<Integer> countList = new ArrayList<>();
            for (int m = 0; m < sum.length; m++) {
                sumList.add(sum[m]);
                countList.add(n[m]);
            }
            effects.add(new Effect(choice, value, count, sumList, countList));
        }));
        return effects;
    }
}
