package org.sparknas.latency;

import org.sparknas.space.SubnetShape;

/**
 * Times whole sub-networks on one engine for {@link TableValidation}, each relative to a speed
 * reference timed just before (see {@link SpeedReference}): the extension point for engines (DJL
 * here, ONNX Runtime in {@code latency.ort}).
 */
public interface NetworkTimer extends AutoCloseable {

    /** One round of one network: the median of its timed passes as a ratio to the reference, and in plain ms. */
    record Sample(double ratio, double rawMs) {
    }

    /** One round of {@code shape}: untimed warm-up passes, then timed ones. */
    Sample round(SubnetShape shape);

    /** The median of every reference pass so far, in ms: what turns ratios back into milliseconds. */
    double baselineMs();

    @Override
    void close();
}
