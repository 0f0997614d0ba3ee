package org.sparknas.onnx;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An ONNX model held as plain values: nodes in topological order, initializers, inputs, outputs
 * and metadata. {@link OnnxWriter} turns it into the {@code .onnx} bytes; the quantizer and the
 * calibration derive new graphs from it.
 */
public record OnnxGraph(String name, List<OnnxNode> nodes, Map<String, OnnxTensor> initializers,
                        List<OnnxValue> inputs, List<OnnxValue> outputs, Map<String, String> metadata) {

    /** The operator set the graph is written against (Resize's {@code antialias} needs 18). */
    public static final int OPSET = 18;
    /** The IR version that goes with {@link #OPSET}. */
    public static final int IR_VERSION = 8;

    public OnnxGraph {
        nodes = List.copyOf(nodes);
        initializers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(initializers));
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        metadata = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    public OnnxGraph withMetadata(Map<String, String> more) {
        Map<String, String> all = new LinkedHashMap<>(metadata);
        all.putAll(more);
        return new OnnxGraph(name, nodes, initializers, inputs, outputs, all);
    }

    /** The same graph with {@code values} as extra outputs (for reading intermediate tensors). */
    public OnnxGraph withExtraOutputs(List<String> values) {
        List<OnnxValue> all = new ArrayList<>(outputs);
        values.forEach(v -> all.add(OnnxValue.floats(v)));
        return new OnnxGraph(name, nodes, initializers, inputs, all, metadata);
    }

    /** Bytes of all initializers (the weights as stored). */
    public long weightBytes() {
        return initializers.values().stream().mapToLong(t -> t.rawData().length).sum();
    }

    public byte[] toBytes() {
        return OnnxWriter.write(this);
    }
}
