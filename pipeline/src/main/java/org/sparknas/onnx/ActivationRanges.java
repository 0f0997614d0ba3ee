package org.sparknas.onnx;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The observed range {@code [min, max]} of every intermediate tensor of an fp32 graph over
 * calibration images: what fixes the scale and zero point of each int8 activation.
 */
public record ActivationRanges(Map<String, Range> ranges) {

    public record Range(float min, float max) {
    }

    public ActivationRanges {
        ranges = Collections.unmodifiableMap(new LinkedHashMap<>(ranges));
    }

    /**
     * The ranges of every node output of {@code graph} except its final outputs, over
     * {@code calibration}. Each tapped tensor gets a ReduceMin and a ReduceMax node in a copy of the
     * graph, so ONNX Runtime hands back two numbers per tensor and batch, not the tensors.
     */
    public static ActivationRanges measure(OnnxGraph graph, ImageBatches calibration, int threads) {
        List<String> outputs = graph.outputs().stream().map(OnnxValue::name).toList();
        List<String> tapped = new ArrayList<>();
        for (OnnxNode node : graph.nodes()) {
            node.outputs().stream().filter(o -> !outputs.contains(o)).forEach(tapped::add);
        }
        List<OnnxNode> nodes = new ArrayList<>(graph.nodes());
        List<String> reduced = new ArrayList<>();
        for (String tensor : tapped) {
            for (String op : List.of("ReduceMin", "ReduceMax")) {
                String name = tensor + "." + op;
                nodes.add(new OnnxNode(op, name, List.of(tensor), List.of(name), List.of(OnnxAttribute.of("keepdims", 0L))));
                reduced.add(name);
            }
        }
        OnnxGraph calibrating = new OnnxGraph(graph.name(), nodes, graph.initializers(), graph.inputs(), graph.outputs(),
                graph.metadata()).withExtraOutputs(reduced);
        Map<String, Range> ranges = new LinkedHashMap<>();
        try (OnnxSession session = OnnxSession.open(calibrating.toBytes(), threads)) {
            calibration.forEach(batch -> {
                Map<String, float[]> values = session.run(batch.values(), batch.size(), batch.channels(), batch.height(),
                        batch.width(), reduced);
                for (String tensor : tapped) {
                    Range seen = new Range(values.get(tensor + ".ReduceMin")[0], values.get(tensor + ".ReduceMax")[0]);
                    ranges.merge(tensor, seen, (a, b) -> new Range(Math.min(a.min(), b.min()), Math.max(a.max(), b.max())));
                }
            });
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
