package org.sparknas.onnx;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Post-training int8 quantization of an fp32 sub-network graph in ONNX's QDQ form:
 *
 * <ul>
 *   <li>convolution weights: int8, symmetric, one scale per output channel; the classifier's
 *       weights: int8 with one scale;</li>
 *   <li>biases: int32 at the scale input scale x weight scale, so the runtime can fuse them;</li>
 *   <li>every intermediate tensor: uint8, asymmetric, its scale and zero point from the range it
 *       took on the calibration images ({@link ActivationRanges}), as a
 *       QuantizeLinear/DequantizeLinear pair between producer and consumers.</li>
 * </ul>
 *
 * The input (before the resize) and the logits stay float. ONNX Runtime's graph optimiser turns
 * each DequantizeLinear - Conv - QuantizeLinear pattern into an int8 convolution (likewise for the
 * additions, multiplications, pooling and the classifier); ops without an int8 kernel run in float
 * between their pairs, and compute exactly what the int8 model means.
 */
public final class Int8Quantizer {

    private static final Set<String> WEIGHTED = Set.of("Conv", "Gemm");

    private final OnnxGraph fp32;
    private final ActivationRanges ranges;
    private final Map<String, OnnxTensor> initializers = new LinkedHashMap<>();
    private final List<OnnxNode> nodes = new ArrayList<>();
    /** Each quantized activation's dequantized name. */
    private final Map<String, String> dequantized = new HashMap<>();
    private final Map<String, Float> activationScale = new HashMap<>();

    private Int8Quantizer(OnnxGraph fp32, ActivationRanges ranges) {
        this.fp32 = fp32;
        this.ranges = ranges;
    }

    public static OnnxGraph quantize(OnnxGraph fp32, ActivationRanges ranges) {
        return new Int8Quantizer(fp32, ranges).run();
    }

    private OnnxGraph run() {
        Set<String> outputs = fp32.outputs().stream().map(OnnxValue::name).collect(Collectors.toSet());
        Set<String> weightsAndBiases = new java.util.HashSet<>();
        for (OnnxNode node : fp32.nodes()) {
            if (WEIGHTED.contains(node.opType())) {
                weightsAndBiases.addAll(node.inputs().subList(1, node.inputs().size()));
            }
        }
        fp32.initializers().forEach((name, tensor) -> {
            if (!weightsAndBiases.contains(name)) {
                initializers.put(name, tensor);
            }
        });
        for (OnnxNode node : fp32.nodes()) {
            List<String> inputs = new ArrayList<>();
            for (int i = 0; i < node.inputs().size(); i++) {
                String input = node.inputs().get(i);
                if (WEIGHTED.contains(node.opType()) && i == 1) {
                    inputs.add(weight(input, node.opType().equals("Conv")));
                } else if (WEIGHTED.contains(node.opType()) && i == 2) {
                    inputs.add(bias(input, node.inputs().get(0), node.inputs().get(1)));
                } else {
                    inputs.add(dequantized.getOrDefault(input, input));
                }
            }
            nodes.add(new OnnxNode(node.opType(), node.name(), inputs, node.outputs(), node.attributes()));
            for (String output : node.outputs()) {
                if (!outputs.contains(output)) {
                    quantizeActivation(output);
                }
            }
        }
        Map<String, String> metadata = new LinkedHashMap<>(fp32.metadata());
        metadata.put("precision", "int8");
        return new OnnxGraph(fp32.name(), nodes, initializers, fp32.inputs(), fp32.outputs(), metadata);
    }

    /** uint8 scale and zero point of a tensor from its calibrated range, which is widened to hold zero. */
    private void quantizeActivation(String tensor) {
        ActivationRanges.Range range = ranges.require(tensor);
        float lo = Math.min(range.min(), 0f);
        float hi = Math.max(range.max(), 0f);
        float scale = hi > lo ? (hi - lo) / 255f : 1f;
        int zeroPoint = Math.max(0, Math.min(255, Math.round(-lo / scale)));
        String scaleName = tensor + ".scale";
        String zeroName = tensor + ".zero_point";
        initializers.put(scaleName, OnnxTensor.floats(scaleName, new long[0], new float[] {scale}));
        initializers.put(zeroName, OnnxTensor.bytes(zeroName, OnnxTensor.ElementType.UINT8, new long[0],
                new byte[] {(byte) zeroPoint}));
        nodes.add(new OnnxNode("QuantizeLinear", tensor + ".q", List.of(tensor, scaleName, zeroName),
                List.of(tensor + ".q"), List.of()));
        nodes.add(new OnnxNode("DequantizeLinear", tensor + ".dq", List.of(tensor + ".q", scaleName, zeroName),
                List.of(tensor + ".dq"), List.of()));
        dequantized.put(tensor, tensor + ".dq");
        activationScale.put(tensor, scale);
    }

    /** int8 symmetric weights: per output channel (axis 0) for a convolution, one scale for the classifier. */
    private String weight(String name, boolean perChannel) {
        OnnxTensor tensor = fp32.initializers().get(name);
        float[] w = tensor.floatValues();
        long[] dims = tensor.dims();
        int channels = perChannel ? (int) dims[0] : 1;
        int per = w.length / channels;
        float[] scales = new float[channels];
        byte[] q = new byte[w.length];
        for (int c = 0; c < channels; c++) {
            float max = 0f;
            for (int i = 0; i < per; i++) {
                max = Math.max(max, Math.abs(w[c * per + i]));
            }
            scales[c] = max > 0 ? max / 127f : 1f;
            for (int i = 0; i < per; i++) {
                q[c * per + i] = (byte) Math.max(-127, Math.min(127, Math.round(w[c * per + i] / scales[c])));
            }
        }
        long[] scaleDims = perChannel ? new long[] {channels} : new long[0];
        initializers.put(name + ".quantized", OnnxTensor.bytes(name + ".quantized", OnnxTensor.ElementType.INT8, dims, q));
        initializers.put(name + ".scale", OnnxTensor.floats(name + ".scale", scaleDims, scales));
        List<OnnxAttribute> axis = perChannel ? List.of(OnnxAttribute.of("axis", 0L)) : List.of();
        // no zero point: symmetric, and ONNX's default zero point is 0 of the quantized type
        nodes.add(new OnnxNode("DequantizeLinear", name + ".dq", List.of(name + ".quantized", name + ".scale"),
                List.of(name + ".dq"), axis));
        return name + ".dq";
    }

    /** int32 bias at the scale (input scale x weight scale), zero point 0: what an int8 kernel accumulates in. */
    private String bias(String name, String input, String weight) {
        float inputScale = activationScale.get(input);
        float[] weightScales = initializers.get(weight + ".scale").floatValues();
        float[] b = fp32.initializers().get(name).floatValues();
        boolean perChannel = weightScales.length > 1 || b.length == 1;
        float[] scales = new float[perChannel ? b.length : 1];
        int[] q = new int[b.length];
        for (int i = 0; i < b.length; i++) {
            float scale = inputScale * weightScales[perChannel ? i : 0];
            if (perChannel) {
                scales[i] = scale;
            } else {
                scales[0] = scale;
            }
            double value = Math.rint(b[i] / (double) scale);
            q[i] = (int) Math.max(Integer.MIN_VALUE + 1, Math.min(Integer.MAX_VALUE, value));
        }
        long[] scaleDims = perChannel ? new long[] {b.length} : new long[0];
        initializers.put(name + ".quantized", OnnxTensor.int32s(name + ".quantized", new long[] {b.length}, q));
        initializers.put(name + ".scale", OnnxTensor.floats(name + ".scale", scaleDims, scales));
        List<OnnxAttribute> axis = perChannel ? List.of(OnnxAttribute.of("axis", 0L)) : List.of();
        nodes.add(new OnnxNode("DequantizeLinear", name + ".dq", List.of(name + ".quantized", name + ".scale"),
                List.of(name + ".dq"), axis));
        return name + ".dq";
    }
}
