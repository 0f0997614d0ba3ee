package org.sparknas.supernet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The weights of the supernet's active sub-network, copied out by value under the supernet's
 * names ({@code stem.conv.weight}, {@code s2.b1.depthwise.bn.running_var}, ...), with the
 * BatchNorm epsilon they are meant to be used with: what an exporter to another runtime needs.
 */
public record SubnetWeights(Map<String, WeightTensor> tensors, float batchNormEpsilon) {

    public SubnetWeights {
        tensors = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    }

    /** The active sub-network's weights, with its current BatchNorm statistics. */
    @SuppressWarnings("try") // resources held open for their scope (grad mode, NDScope)
    public static SubnetWeights of(ElasticSupernet supernet) {
        Map<String, WeightTensor> tensors = new LinkedHashMap<>();
        // the slices are freed with the scope; a full-width tensor is the parameter itself and outlives it
        try (NDScope scope = new NDScope(); NoGrad ignored = NoGrad.enter()) {
            scope.suppressNotUsedWarning();
            for (Map.Entry<String, NDArray> e : supernet.activeWeights().entrySet()) {
                NDArray array = e.getValue();
                tensors.put(e.getKey(), new WeightTensor(array.getShape().getShape(), array.toFloatArray()));
            }
        }
        return new SubnetWeights(tensors, BatchNormLayer.EPSILON);
    }

    public WeightTensor require(String name) {
        WeightTensor tensor = tensors.get(name);
        if (tensor == null) {
            throw new IllegalArgumentException("the weights have no tensor " + name + "; they hold " + tensors.keySet());
        }
        return tensor;
    }
}
