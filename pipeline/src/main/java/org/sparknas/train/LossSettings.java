package org.sparknas.train;

/**
 * How the training loss is formed.
 *
 * @param labelSmoothing     hard targets are {@code (1 - s) * one-hot + s / classes} (Once-for-All: 0.1)
 * @param temperature        T of in-place distillation: the largest network's logits divided by T
 *                           give the soft targets, the student's logits divided by T are matched to them
 * @param distillationWeight w: a sub-network's loss is {@code (1 - w) * CE(hard) + w * T^2 * KL(soft || student)};
 *                           T^2 keeps the soft term's gradients on the scale of the hard term's (Hinton et al.)
 */
record LossSettings(double labelSmoothing, double temperature, double distillationWeight) {

    LossSettings {
        if (!(labelSmoothing >= 0 && labelSmoothing < 1)) {
            throw new IllegalArgumentException("label smoothing must be in [0, 1), got " + labelSmoothing);
        }
        if (!(temperature > 0) || !Double.isFinite(temperature)) {
            throw new IllegalArgumentException("the distillation temperature must be positive, got " + temperature);
        }
        if (!(distillationWeight >= 0 && distillationWeight <= 1)) {
            throw new IllegalArgumentException("the distillation weight must be in [0, 1], got " + distillationWeight);
        }
    }
}
