package org.sparknas.train;

import java.util.List;
import java.util.SplittableRandom;
import org.sparknas.space.OfaSpace;

/**
 * The expected compute of one training step of a phase, in multiply-accumulates of the networks
 * it trains (the largest, then its sub-networks): the progress line's ETA weighs the steps still
 * to come by it, since a step of a weight-sharing phase costs about three times one of the first.
 */
final class StepCost {

    private static final int DRAWS = 64;

    private StepCost() {
    }

    /** Per phase, the mean MACs per image of one step (a fixed sample of the phase's networks). */
    static double[] perPhase(OfaSpace space, List<Phase> phases, boolean includeSmallest) {
        double[] cost = new double[phases.size()];
        for (int p = 0; p < phases.size(); p++) {
            Phase phase = phases.get(p);
            SubnetSampler sampler = new SubnetSampler(space, phase.elastic());
            SplittableRandom random = new SplittableRandom(p);
            double total = 0;
            for (int d = 0; d < DRAWS; d++) {
                int resolution = sampler.resolution(random);
                total += space.macs(sampler.largest(resolution));
                for (int i = 0; i < phase.subnets(); i++) {
                    total += space.macs(i == 0 && includeSmallest ? sampler.smallest(resolution)
                            : sampler.sample(random, resolution));
                }
            }
            cost[p] = total / DRAWS;
        }
        return cost;
    }
}
