package org.sparknas.onnx;

import java.util.List;

/** One attribute of an ONNX node: an integer, a float, a string or a list of integers. */
public record OnnxAttribute(String name, Kind kind, long intValue, float floatValue, String stringValue, List<Long> ints) {

    public OnnxAttribute {
        ints = List.copyOf(ints);
    }

    public static OnnxAttribute of(String name, long value) {
        return new OnnxAttribute(name, Kind.INT, value, 0f, "", List.of());
    }

    public static OnnxAttribute of(String name, float value) {
        return new OnnxAttribute(name, Kind.FLOAT, 0, value, "", List.of());
    }

    public static OnnxAttribute of(String name, String value) {
        return new OnnxAttribute(name, Kind.STRING, 0, 0f, value, List.of());
    }

    public static OnnxAttribute ints(String name, long... values) {
        return new OnnxAttribute(name, Kind.INTS, 0, 0f, "", java.util.Arrays.stream(values).boxed().toList());
    }

    /** {@code AttributeProto.AttributeType} numbers. */
    public enum Kind {
        FLOAT(1), INT(2), STRING(3), INTS(7);

        private final int code;

        Kind(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }
    }
}
