package org.sparknas.supernet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.sparknas.data.ImageSet;
import org.sparknas.data.SyntheticImages;
import org.sparknas.space.OfaSpace;
import org.sparknas.space.SearchSpaces;

/** Supernets and inputs for tests: the default space, every parameter randomised (seeded). */
public final class TestSupernets {

    private TestSupernets() {
    }

    public static OfaSpace defaultSpace() {
        return (OfaSpace) SearchSpaces.load(Path.of("../conf/spaces/ofa-fmnist.conf"));
    }

    /**
     * A supernet whose every parameter is random: weights, kernel-transformation matrices (identity
     * plus noise, so that a skipped or transposed transform shows), BN gamma, beta and running
     * statistics. An untrained network with OFA's initialisation would hide such mistakes.
     */
    @SuppressWarnings("try") // resources held open for their scope (grad mode, NDScope)
    public static ElasticSupernet randomized(OfaSpace space, NDManager manager, long seed) {
        ElasticSupernet supernet = new ElasticSupernet(space);
        supernet.initializeWeights(manager, seed);
        SplittableRandom random = new SplittableRandom(seed);
        try (NoGrad ignored = NoGrad.enter()) {
            for (Pair<String, Parameter> p : supernet.getDirectParameters()) {
                NDArray array = p.getValue().getArray();
                float[] values = array.toFloatArray();
                String name = p.getKey();
                for (int i = 0; i < values.length; i++) {
                    if (name.contains(".transform.")) {
                        values[i] += (float) (0.1 * random.nextGaussian());
                    } else if (name.endsWith(".gamma")) {
                        values[i] = (float) random.nextDouble(0.5, 1.5);
                    } else if (name.endsWith(".running_var")) {
                        values[i] = (float) random.nextDouble(0.5, 2.0);
                    } else if (name.endsWith(".beta") || name.endsWith(".bias") || name.endsWith(".running_mean")) {
                        values[i] = (float) (0.2 * random.nextGaussian());
                    } else {
                        values[i] = (float) (values[i] + 0.05 * random.nextGaussian());
                    }
                }
                ParameterArrays.write(array, values);
            }
        }
        return supernet;
    }

    /** Normal random images {@code [n, channels, side, side]}. */
    public static NDArray randomImages(NDManager manager, int n, int channels, int side, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[n * channels * side * side];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return manager.create(values, new Shape(n, channels, side, side));
    }

    /** Synthetic 28x28 images as calibration batches at a resolution. */
    public static List<NDArray> calibrationBatches(NDManager manager, int images, int batch, int resolution, long seed) {
        ImageSet set = SyntheticImages.fashionLike(images, 0, seed).training();
        List<NDArray> batches = new ArrayList<>();
        for (int from = 0; from < images; from += batch) {
            batches.add(ImageTensors.batch(manager, set, from, Math.min(batch, images - from),
                    InputNormalization.FASHION_MNIST, resolution));
        }
        return batches;
    }

    public static float maxAbsDiff(NDArray a, NDArray b) {
        return a.sub(b).abs().max().getFloat();
    }
}
