package org.sparknas.train;

/**
 * Stochastic gradient descent with momentum, as Once-for-All trains: {@code v = m * v + g};
 * the step is {@code g + m * v} with Nesterov momentum, else {@code v}. Weight decay (L2, added to
 * the gradient) applies to convolution and classifier weights only; BatchNorm scales and shifts,
 * biases and the kernel-transformation matrices (initialised to the identity) are not decayed
 * (OFA's {@code no_decay_keys = bn#bias}).
 */
record OptimizerSettings(double momentum, boolean nesterov, double weightDecay) {

    OptimizerSettings {
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        if (!(weightDecay >= 0) || !Double.isFinite(weightDecay)) {
            throw new IllegalArgumentException("weight decay must be zero or positive, got " + weightDecay);
        }
    }
}
