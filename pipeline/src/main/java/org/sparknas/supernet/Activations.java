package org.sparknas.supernet;

import static org.sparknas.supernet.Intermediates.replace;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.sparknas.space.Activation;

/**
 * The non-linearities of MobileNetV3: ReLU, h-swish {@code x * relu6(x + 3) / 6} and h-sigmoid
 * {@code relu6(x + 3) / 6}. DJL has no fused hard-swish, so it is composed of element-wise ops;
 * outside training the last two run in place, saving two allocations per activation. Under a
 * gradient collector everything stays out of place, as autograd needs the inputs. The input is
 * never changed.
 *
 * <p>Under a gradient collector the division by 6 takes a constant made by the engine: DJL turns
 * a Java number operand ({@code div(6f)}) into a tensor over a Java direct buffer and closes it
 * right after the op, but autograd keeps that tensor for the backward pass of the division, which
 * then reads memory the garbage collector may already have freed and reused (garbage gradients,
 * NaN losses at random steps). An engine-made tensor is reference-counted, so autograd keeps it.
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
        if (!training) {
            return gate.muli(x).divi(6f);
        }
        NDArray product = replace(gate, gate.mul(x));
        return replace(product, divideBySix(product));
    }

    public static NDArray hardSigmoid(NDArray x, boolean training) {
        NDArray gate = x.add(3f);
        gate = replace(gate, gate.clip(0f, 6f));
        return training ? replace(gate, divideBySix(gate)) : gate.divi(6f);
    }

    /** {@code x / 6} with the 6 in engine memory (see the class comment); safe under autograd. */
    private static NDArray divideBySix(NDArray x) {
        try (NDArray six = x.getManager().full(new Shape(), 6f, x.getDataType())) {
            return x.div(six);
        }
    }
}
