package org.sparknas.onnx;

import java.util.List;

/**
 * A graph input or output: a name, an element type and a shape whose dimensions are either sizes
 * or symbolic names ({@code "batch"}); an empty shape list leaves the shape unstated.
 */
public record OnnxValue(String name, OnnxTensor.ElementType type, List<Object> shape) {

    public OnnxValue {
        for (Object dim : shape) {
            if (!(dim instanceof Long) && !(dim instanceof String)) {
                throw new IllegalArgumentException("a dimension is a Long size or a String name, got " + dim);
            }
        }
        shape = List.copyOf(shape);
    }

    /** A float tensor of unstated shape (calibration taps the graph's intermediate values this way). */
    public static OnnxValue floats(String name) {
        return new OnnxValue(name, OnnxTensor.ElementType.FLOAT, List.of());
    }
}
