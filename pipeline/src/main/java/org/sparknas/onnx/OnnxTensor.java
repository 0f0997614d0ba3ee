package org.sparknas.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A named constant tensor of an ONNX graph (an initializer), its elements stored as ONNX stores
 * them: fixed width, little endian, row major ({@code raw_data}).
 */
public record OnnxTensor(String name, ElementType type, long[] dims, byte[] data) {

    public OnnxTensor {
        dims = dims.clone();
        long count = Arrays.stream(dims).reduce(1L, Math::multiplyExact);
        if (count * type.bytes() != data.length) {
            throw new IllegalArgumentException("tensor " + name + " of shape " + Arrays.toString(dims) + " needs "
                    + count * type.bytes() + " bytes of " + type + ", got " + data.length);
        }
    }

    public static OnnxTensor floats(String name, long[] dims, float[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(values);
        return new OnnxTensor(name, ElementType.FLOAT, dims, buffer.array());
    }

    public static OnnxTensor int64s(String name, long[] dims, long[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asLongBuffer().put(values);
        return new OnnxTensor(name, ElementType.INT64, dims, buffer.array());
    }

    public static OnnxTensor int32s(String name, long[] dims, int[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asIntBuffer().put(values);
        return new OnnxTensor(name, ElementType.INT32, dims, buffer.array());
    }

    /** Signed or unsigned bytes ({@link ElementType#INT8} or {@link ElementType#UINT8}), one per element. */
    public static OnnxTensor bytes(String name, ElementType type, long[] dims, byte[] values) {
        if (type.bytes() != 1) {
            throw new IllegalArgumentException(type + " is not a one-byte type");
        }
        return new OnnxTensor(name, type, dims, values.clone());
    }

    /** The elements of a {@link ElementType#FLOAT} tensor. */
    public float[] floatValues() {
        if (type != ElementType.FLOAT) {
            throw new IllegalStateException("tensor " + name + " is " + type + ", not FLOAT");
        }
        float[] values = new float[data.length / 4];
        ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return values;
    }

    public long elementCount() {
        return data.length / type.bytes();
    }

    @Override
    public long[] dims() {
        return dims.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    byte[] rawData() {
        return data;
    }

    /** ONNX element types used here, with their {@code TensorProto.DataType} numbers. */
    public enum ElementType {
        FLOAT(1, 4), UINT8(2, 1), INT8(3, 1), INT32(6, 4), INT64(7, 8);

        private final int code;
        private final int bytes;

        ElementType(int code, int bytes) {
            this.code = code;
            this.bytes = bytes;
        }

        public int code() {
            return code;
        }

        public int bytes() {
            return bytes;
        }
    }
}
