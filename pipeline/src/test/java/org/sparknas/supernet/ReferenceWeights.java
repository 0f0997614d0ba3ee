package org.sparknas.supernet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sparknas.space.OfaStage;

/**
 * The weights of a sub-network worked out in plain Java from the supernet's full parameters,
 * independently of the supernet's slicing and kernel-transformation code: every dimension is a
 * prefix, except a depthwise kernel, which is cropped to its centre and multiplied by the
 * transformation matrices step by step ({@code out = in * M^T}, as in Once-for-All), in double.
 */
final class ReferenceWeights {

    private ReferenceWeights() {
    }

    /** For every parameter of {@code network} (by name and shape), its value taken from {@code supernet}. */
    static Map<String, NDArray> extract(ElasticSupernet supernet, StaticSubnet network, NDManager manager) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : network.parameters().entrySet()) {
            String name = e.getKey();
            Shape target = e.getValue().getArray().getShape();
            NDArray full = supernet.getDirectParameters().get(name).getArray();
            float[] values = name.contains(".depthwise.conv.")
                    ? depthwise(supernet, name, full, target)
                    : prefix(full.toFloatArray(), full.getShape(), target);
            out.put(name, manager.create(values, target));
        }
        return out;
    }

    static float[] prefix(float[] data, Shape full, Shape target) {
        int dims = full.dimension();
        long[] fullStrides = new long[dims];
        long stride = 1;
        for (int d = dims - 1; d >= 0; d--) {
            fullStrides[d] = stride;
            stride *= full.get(d);
        }
        float[] out = new float[Math.toIntExact(target.size())];
        long[] index = new long[dims];
        for (int i = 0; i < out.length; i++) {
            long rest = i;
            long offset = 0;
            for (int d = dims - 1; d >= 0; d--) {
                index[d] = rest % target.get(d);
                rest /= target.get(d);
                offset += index[d] * fullStrides[d];
            }
            out[i] = data[(int) offset];
        }
        return out;
    }

    private static float[] depthwise(ElasticSupernet supernet, String name, NDArray full, Shape target) {
        String layer = name.substring(0, name.length() - ".weight".length());
        int stageIndex = Integer.parseInt(name.substring(1, name.indexOf('.'))) - 1;
        OfaStage stage = supernet.space().stages().get(stageIndex);
        List<Integer> kernels = stage.kernels();
        int channels = (int) target.get(0);
        int kernel = (int) target.get(2);
        int size = (int) full.getShape().get(2);
        float[] all = full.toFloatArray();
        double[][] filters = new double[channels][];
        for (int c = 0; c < channels; c++) {
            filters[c] = new double[size * size];
            for (int i = 0; i < size * size; i++) {
                filters[c][i] = all[c * size * size + i];
            }
        }
        for (int i = kernels.size() - 1; i > 0 && kernels.get(i) > kernel; i--) {
            int source = kernels.get(i);
            int next = kernels.get(i - 1);
            float[] matrix = supernet.getDirectParameters()
                    .get(DepthwiseLayer.transformName(layer, source, next)).getArray().toFloatArray();
            int start = (source - next) / 2;
            for (int c = 0; c < channels; c++) {
                double[] centre = new double[next * next];
                for (int y = 0; y < next; y++) {
                    for (int x = 0; x < next; x++) {
                        centre[y * next + x] = filters[c][(y + start) * source + x + start];
                    }
                }
                double[] transformed = new double[next * next];
                for (int j = 0; j < transformed.length; j++) {
                    double sum = 0;
                    for (int k = 0; k < centre.length; k++) {
                        sum += centre[k] * matrix[j * centre.length + k];
                    }
                    transformed[j] = sum;
                }
                filters[c] = transformed;
            }
        }
        float[] out = new float[channels * kernel * kernel];
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < kernel * kernel; i++) {
                out[c * kernel * kernel + i] = (float) filters[c][i];
            }
        }
        return out;
    }
}
