package org.sparknas.supernet;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import java.util.Map;

/** The classifier: {@code y = x W^T + b}, fixed width. */
final class LinearLayer {

    private final String name;
    private final Parameter weight;
    private final Parameter bias;

    LinearLayer(ParameterRegistry registry, String name, int out, int in) {
        this.name = name;
        weight = registry.register(name + ".weight", Parameter.Type.WEIGHT, new Shape(out, in));
        bias = registry.register(name + ".bias", Parameter.Type.BIAS, new Shape(out));
    }

    NDArray apply(ForwardPass pass, NDArray x) {
        NDArray w = pass.value(weight, x.getDevice());
        NDArray y = Linear.linear(x, w, pass.value(bias, x.getDevice())).singletonOrThrow();
        if (pass.observed()) {
            pass.observer().linear(name, w.getShape(), true);
        }
        return y;
    }

    void exportActive(ForwardPass pass, Device device, Map<String, NDArray> into) {
        into.put(name + ".weight", pass.value(weight, device));
        into.put(name + ".bias", pass.value(bias, device));
    }
}
