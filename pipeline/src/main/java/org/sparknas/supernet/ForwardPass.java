package org.sparknas.supernet;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;

/**
 * One forward pass's settings, handed down through the layers: where parameter values come from
 * (DJL's {@link ParameterStore}, so that a DJL {@code Trainer} works unchanged), how BatchNorm
 * behaves, who observes the layers, and optionally a {@link WeightCache} of the active weights
 * (never in training, where gradients must reach the parameters).
 */
public record ForwardPass(ParameterStore store, NormMode norm, LayerObserver observer, WeightCache cache) {

    public ForwardPass {
        if (store == null || norm == null || observer == null) {
            throw new IllegalArgumentException("a forward pass needs a parameter store, a norm mode and an observer");
        }
        if (cache != null && norm == NormMode.TRAINING) {
            throw new IllegalArgumentException("a training pass cannot use cached weights: gradients must reach the parameters");
        }
    }

    public ForwardPass(ParameterStore store, NormMode norm, LayerObserver observer) {
        this(store, norm, observer, null);
    }

    public boolean training() {
        return norm == NormMode.TRAINING;
    }

    /** Whether anyone listens: shapes are only gathered for an observer that is not {@link LayerObserver#NONE}. */
    public boolean observed() {
        return observer != LayerObserver.NONE;
    }

    NDArray value(Parameter parameter, Device device) {
        return store.getValue(parameter, device, training());
    }

    /** {@code compute}'s result, from the cache under {@code key} when there is one. */
    NDArray cached(String key, java.util.function.Supplier<NDArray> compute) {
        return cache == null ? compute.get() : cache.get(key, compute);
    }
}
