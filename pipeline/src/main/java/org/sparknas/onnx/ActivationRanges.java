package org.sparknas.onnx;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The observed range {@code [min, max]} of every intermediate tensor of an fp32 graph over
 * calibration images: what fixes the scale and zero point of each int8 activation. Measured by
 * running the graph in ONNX Runtime with every node output exposed.
 */
public record ActivationRanges(Map<String, Range> ranges) {

    public record Range(float min, float max) {
        Range widen(float[] values) {
            float lo = min;
            float hi = max;
            for (float v : values) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            return new Range(lo, hi);
        }
    }

    public ActivationRanges {
        ranges = Collections.unmodifiableMap(new LinkedHashMap<>(ranges));
    }

    /** The ranges of every node output of {@code graph} except its final outputs, over {@code calibration}. */
    public static ActivationRanges measure(OnnxGraph graph, ImageBatches calibration, int threads) {
        List<String> outputs = graph.outputs().stream().map(OnnxValue::name).toList();
        List<String> tapped = new ArrayList<>();
        for (OnnxNode node : graph.nodes()) {
            node.outputs().stream().filter(o -> !outputs.contains(o)).forEach(tapped::add);
        }
        Map<String, Range> ranges = new LinkedHashMap<>();
        try (OnnxSession session = OnnxSession.open(graph.withExtraOutputs(tapped).toBytes(), threads)) {
            calibration.forEach(batch -> session.run(batch.values(), batch.size(), batch.channels(), batch.height(),
                    batch.width(), tapped).forEach((name, values) ->
                    ranges.merge(name, new Range(Float.MAX_VALUE, -Float.MAX_VALUE).widen(values),
                            (a, b) -> new Range(Math.min(a.min(), b.min()), Math.max(a.max(), b.max())))));
        }
        return new ActivationRanges(ranges);
    }

    public Range require(String tensor) {
        Range range = ranges.get(tensor);
        if (range == null) {
            throw new IllegalArgumentException("no calibrated range for tensor " + tensor + "; measure the ranges on the "
                    + "same fp32 graph that is quantized");
        }
        return range;
    }
}
