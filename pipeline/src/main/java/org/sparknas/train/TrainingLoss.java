package org.sparknas.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * The losses of one training step, as NDArray expressions that autograd differentiates: the
 * largest network learns from the labels (cross-entropy with label smoothing); every other
 * sub-network of the step learns from the labels and, by in-place distillation, from the largest
 * network's soft predictions on the same batch (detached: the teacher is not pulled towards its
 * students).
 *
 * <p>Constants enter as tensors the engine allocates ({@link #constant}), never as Java numbers:
 * DJL turns a number operand into a tensor over a Java direct buffer and frees it right after the
 * op, while autograd keeps it for the backward pass of a product or quotient, which would then
 * read freed memory.
 */
final class TrainingLoss {

    /** The teacher's tempered predictions: probabilities and their logarithms (no log of a zero). */
    record SoftTargets(NDArray probabilities, NDArray logProbabilities) {
    }

    private final LossSettings settings;

    TrainingLoss(LossSettings settings) {
        this.settings = settings;
    }

    /** Smoothed one-hot targets {@code [n, classes]} for {@code labels}. */
    NDArray hardTargets(NDManager manager, byte[] labels, int classes) {
        float off = (float) (settings.labelSmoothing() / classes);
        float on = (float) (1 - settings.labelSmoothing()) + off;
        float[] values = new float[labels.length * classes];
        java.util.Arrays.fill(values, off);
        for (int i = 0; i < labels.length; i++) {
            values[i * classes + Byte.toUnsignedInt(labels[i])] = on;
        }
        return manager.create(values, new Shape(labels.length, classes));
    }

    /** Mean over the batch of {@code -sum(targets * log softmax(logits))}. */
    NDArray crossEntropy(NDArray logits, NDArray targets) {
        return logits.logSoftmax(1).mul(targets).sum(new int[] {1}).mean().neg();
    }

    /** {@code value} as a scalar tensor in engine memory, of {@code like}'s type and device (see the class comment). */
    static NDArray constant(NDArray like, double value) {
        return like.getManager().full(new Shape(), (float) value, like.getDataType());
    }

    /** The teacher's soft targets at the configured temperature, cut off from its graph. */
    SoftTargets softTargets(NDArray teacherLogits) {
        NDArray scaled = teacherLogits.stopGradient().div(constant(teacherLogits, settings.temperature()));
        return new SoftTargets(scaled.softmax(1), scaled.logSoftmax(1));
    }

    /** {@code T^2 * KL(soft || softmax(student / T))}, averaged over the batch. */
    NDArray distillation(NDArray studentLogits, SoftTargets soft) {
        double t = settings.temperature();
        NDArray studentLog = studentLogits.div(constant(studentLogits, t)).logSoftmax(1);
        NDArray kl = soft.probabilities().mul(soft.logProbabilities().sub(studentLog)).sum(new int[] {1}).mean();
        return kl.mul(constant(kl, t * t));
    }

    /** A sub-network's loss: hard-label cross-entropy and distillation, weighted. */
    NDArray student(NDArray studentLogits, NDArray hardTargets, SoftTargets soft) {
        double w = settings.distillationWeight();
        NDArray hard = crossEntropy(studentLogits, hardTargets);
        hard = hard.mul(constant(hard, 1 - w));
        if (w == 0) {
            return hard;
        }
        NDArray distillation = distillation(studentLogits, soft);
        return hard.add(distillation.mul(constant(distillation, w)));
    }
}
