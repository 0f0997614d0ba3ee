package org.sparknas.strategy;

/**
 * MnasNet's soft-constrained scalar reward: {@code ACC x (LAT / T)^w}, with w = -0.07 by default
 * (Tan et al., 2019). A network at the target latency keeps its accuracy; one twice as slow
 * loses about 5% of it.
 */
public record MnasReward(String accuracyMetric, String latencyMetric, double targetLatency, double exponent) {

    public static final double DEFAULT_EXPONENT = -0.07;

    public MnasReward {
        if (!(targetLatency > 0)) {
            throw new IllegalArgumentException("the MnasNet reward needs a positive target latency, got " + targetLatency);
        }
    }

    public double value(Trial trial) {
        double accuracy = trial.metric(accuracyMetric);
        double latency = trial.metric(latencyMetric);
        return accuracy * Math.pow(latency / targetLatency, exponent);
    }
}
