package org.sparknas.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.sparknas.data.DataSettings;
import org.sparknas.space.OfaSpace;
import org.sparknas.supernet.TrainedSplit;

/**
 * Everything a {@code train-supernet} run needs, checked ({@link TrainConfig} reads it from
 * {@code conf/train.conf}).
 *
 * @param output          directory (local path or Hadoop URI) for checkpoints, the training log and plot
 * @param weights         where the final weights file goes (local path or Hadoop URI)
 * @param threads         PyTorch intra-op threads; the same count is needed for a bit-exact resume
 * @param phases          the schedule's phases, in order
 * @param includeSmallest whether every step of a weight-sharing phase trains the phase's smallest
 *                        network as one of its sub-networks (the sandwich rule), the others sampled
 */
public record TrainSettings(OfaSpace space, DataSettings data, String output, String weights, long seed, int threads,
                            int batchSize, Schedule schedule, List<Phase> phases, boolean includeSmallest,
                            LossSettings loss, OptimizerSettings optimizer, Augmentation augmentation,
                            Monitoring monitoring) {

    public TrainSettings {
        phases = List.copyOf(phases);
    }

    /** The split the weights are trained on: what the search must use too (data in storage is listed). */
    public TrainedSplit split() {
        return TrainedSplit.of(data);
    }

    /**
     * The settings that decide the trained weights, as sorted text: stored in every checkpoint (a
     * resume with other settings is refused, naming what differs) and in the weights' manifest.
     * Threads, paths and monitoring are left out: they do not change what is learned.
     */
    public Map<String, String> recipe() {
        Map<String, String> r = new LinkedHashMap<>();
        r.put("space", space.name());
        r.put("space-fingerprint", space.fingerprint());
        r.putAll(split().toProperties());
        r.put("data-calibration-size", Integer.toString(data.calibrationSize()));
        r.put("seed", Long.toString(seed));
        r.put("batch-size", Integer.toString(batchSize));
        r.put("schedule", schedule.configName());
        for (int i = 0; i < phases.size(); i++) {
            Phase p = phases.get(i);
            r.put("phase-" + (i + 1), String.format(Locale.ROOT,
                    "%s: elastic=%s epochs=%d learning-rate=%s warmup-epochs=%s subnets=%d", p.name(), p.describeElastic(),
                    p.epochs(), number(p.learningRate()), number(p.warmupEpochs()), p.subnets()));
        }
        r.put("include-smallest", Boolean.toString(includeSmallest));
        r.put("loss", "label-smoothing=" + number(loss.labelSmoothing()) + " temperature=" + number(loss.temperature())
                + " distillation-weight=" + number(loss.distillationWeight()));
        r.put("optimizer", "sgd momentum=" + number(optimizer.momentum()) + " nesterov=" + optimizer.nesterov()
                + " weight-decay=" + number(optimizer.weightDecay()));
        r.put("augmentation", "pad-crop=" + augmentation.padCrop() + " horizontal-flip=" + augmentation.horizontalFlip());
        return new java.util.TreeMap<>(r);
    }

    /** Total epochs over all phases. */
    public int totalEpochs() {
        return phases.stream().mapToInt(Phase::epochs).sum();
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
