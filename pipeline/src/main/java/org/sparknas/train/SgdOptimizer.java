package org.sparknas.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.Pair;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.sparknas.supernet.ElasticSupernet;
import org.sparknas.supernet.NoGrad;

/**
 * {@link OptimizerSettings}' SGD over every trainable parameter of a supernet, updating the
 * parameters in place (views and DJL's parameter store keep seeing them). Gradients accumulate
 * over the step's sub-networks (one backward each) and are applied and cleared by {@link #step}.
 * The momentum buffers are the optimiser's whole state: {@link #state()} / {@link #restore} carry
 * them through a checkpoint bit for bit.
 */
final class SgdOptimizer implements AutoCloseable {

    private final OptimizerSettings settings;
    private final List<String> names = new ArrayList<>();
    private final List<NDArray> weights = new ArrayList<>();
    private final List<NDArray> velocities = new ArrayList<>();
    private final boolean[] decay;

    SgdOptimizer(ElasticSupernet supernet, OptimizerSettings settings) {
        this.settings = settings;
        List<Boolean> decays = new ArrayList<>();
        for (Pair<String, Parameter> p : supernet.getDirectParameters()) {
            Parameter parameter = p.getValue();
            if (!parameter.requiresGradient()) {
                continue; // running statistics
            }
            NDArray weight = parameter.getArray();
            NDArray velocity = weight.zerosLike();
            // the buffers live as long as the optimiser, whatever scope is open when it is built
            NDScope.unregister(velocity);
            names.add(p.getKey());
            weights.add(weight);
            velocities.add(velocity);
            decays.add(parameter.getType() == Parameter.Type.WEIGHT);
        }
        decay = new boolean[decays.size()];
        for (int i = 0; i < decay.length; i++) {
            decay[i] = decays.get(i);
        }
    }

    /** Applies the accumulated gradients with learning rate {@code lr}, then clears them. */
    @SuppressWarnings("try") // resources held open for their scope (grad mode, NDScope)
    void step(double lr) {
        float rate = (float) lr;
        float momentum = (float) settings.momentum();
        float weightDecay = (float) settings.weightDecay();
        try (NoGrad ignored = NoGrad.enter(); NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            for (int i = 0; i < weights.size(); i++) {
                NDArray w = weights.get(i);
                NDArray g = w.getGradient();
                if (decay[i] && weightDecay > 0) {
                    g = g.add(w.mul(weightDecay));
                }
                NDArray v = velocities.get(i);
                v.muli(momentum).addi(g);
                NDArray update = settings.nesterov() ? g.add(v.mul(momentum)) : v;
                w.subi(update.mul(rate));
                JniUtils.zeroGrad((PtNDArray) w);
            }
        }
    }

    /** Clears the momentum: each phase starts its optimiser afresh. */
    @SuppressWarnings("try")
    void resetMomentum() {
        try (NoGrad ignored = NoGrad.enter()) {
            for (NDArray v : velocities) {
                v.muli(0f);
            }
        }
    }

    /** The momentum buffers, by parameter name, as bytes. */
    byte[] state() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(names.size());
            for (int i = 0; i < names.size(); i++) {
                float[] values = velocities.get(i).toFloatArray();
                out.writeUTF(names.get(i));
                out.writeInt(values.length);
                for (float value : values) {
                    out.writeFloat(value);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise the optimiser state", e);
        }
        return bytes.toByteArray();
    }

    /**
     * Sets the momentum buffers from {@link #state()}'s bytes.
     *
     * @throws IllegalArgumentException when they belong to other parameters
     */
    @SuppressWarnings("try")
    void restore(byte[] state) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(state)); NoGrad ignored = NoGrad.enter()) {
            int count = in.readInt();
            if (count != names.size()) {
                throw new IllegalArgumentException("the optimiser state has " + count + " buffers; the supernet has "
                        + names.size() + " trainable parameters");
            }
            for (int i = 0; i < count; i++) {
                String name = in.readUTF();
                int length = in.readInt();
                NDArray v = velocities.get(i);
                if (!name.equals(names.get(i)) || length != v.size()) {
                    throw new IllegalArgumentException("optimiser buffer " + (i + 1) + " is " + name + " of " + length
                            + " values; the supernet needs " + names.get(i) + " of " + v.size());
                }
                float[] values = new float[length];
                for (int k = 0; k < length; k++) {
                    values[k] = in.readFloat();
                }
                Shape shape = v.getShape();
                try (NDArray source = v.getManager().create(values, shape)) {
                    v.set(new ai.djl.ndarray.index.NDIndex("..."), source);
                }
            }
            if (in.read() != -1) {
                throw new IllegalArgumentException("the optimiser state has bytes after its last buffer");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("the optimiser state is truncated: " + e, e);
        }
    }

    /** Names of the parameters the optimiser updates, in order (for tests and messages). */
    List<String> parameterNames() {
        return List.copyOf(names);
    }

    /** Whether parameter {@code name} is weight-decayed. */
    boolean decays(String name) {
        int i = names.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("no trainable parameter " + name);
        }
        return decay[i];
    }

    @Override
    public void close() {
        velocities.forEach(NDArray::close);
    }

    @Override
    public String toString() {
        return "SgdOptimizer" + settings + " over " + names.size() + " parameters";
    }
}
