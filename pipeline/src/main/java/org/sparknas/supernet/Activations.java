package org.sparknas.supernet;

import static org.sparknas.supernet.Intermediates.replace;

import ai.djl.ndarray.NDArray;
import org.sparknas.space.Activation;

/**
 * The non-linearities of MobileNetV3: ReLU, h-swish {@code x * relu6(x + 3) / 6} and h-sigmoid
 * {@code relu6(x + 3) / 6}. DJL has no fused hard-swish, so it is composed of element-wise ops;
 * outside training the last two run in place, saving two allocations per activation. Under a
 * gradient collector everything stays out of place, as autograd needs the inputs. The input is
 * never changed.
 */
public final class Activations {

    private Activations() {
    }

    public static NDArray apply(Activation activation, NDArray x, boolean training) {
        return switch (activation) {
            case RELU -> ai.djl.nn.Activation.relu(x);
            case HSWISH -> hardSwish(x, training);
        };
    }

    public static NDArray hardSwish(NDArray x, boolean training) {
        NDArray gate = x.add(3f);
        gate = replace(gate, gate.clip(0f, 6f));
        return training ? replace(gate, replace(gate, gate.mul(x)).div(6f)) : gate.muli(x).divi(6f);
    }

    public static NDArray hardSigmoid(NDArray x, boolean training) {
        NDArray gate = x.add(3f);
        gate = replace(gate, gate.clip(0f, 6f));
        return training ? replace(gate, gate.div(6f)) : gate.divi(6f);
    }
}
