package org.sparknas.onnx;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Serialises an {@link OnnxGraph} as an ONNX {@code ModelProto}. ONNX is a protobuf schema; the
 * few messages a sub-network needs are written field by field with protobuf's own encoder (the
 * field numbers are those of {@code onnx.proto}), which spares the build a generated copy of the
 * whole schema.
 */
final class OnnxWriter {

    static final String PRODUCER = "sparknas";

    private OnnxWriter() {
    }

    static byte[] write(OnnxGraph graph) {
        return message(out -> {
            out.writeInt64(1, OnnxGraph.IR_VERSION);             // ModelProto.ir_version
            out.writeString(2, PRODUCER);                         // producer_name
            out.writeBytes(7, ByteString.copyFrom(graph(graph))); // graph
            out.writeBytes(8, ByteString.copyFrom(message(o -> {  // opset_import
                o.writeString(1, "");
                o.writeInt64(2, OnnxGraph.OPSET);
            })));
            for (Map.Entry<String, String> e : graph.metadata().entrySet()) { // metadata_props
                out.writeBytes(14, ByteString.copyFrom(message(o -> {
                    o.writeString(1, e.getKey());
                    o.writeString(2, e.getValue());
                })));
            }
        });
    }

    private static byte[] graph(OnnxGraph graph) {
        return message(out -> {
            for (OnnxNode node : graph.nodes()) {                 // GraphProto.node
                out.writeBytes(1, ByteString.copyFrom(node(node)));
            }
            out.writeString(2, graph.name());
            for (OnnxTensor tensor : graph.initializers().values()) { // initializer
                out.writeBytes(5, ByteString.copyFrom(tensor(tensor)));
            }
            for (OnnxValue value : graph.inputs()) {              // input
                out.writeBytes(11, ByteString.copyFrom(value(value)));
            }
            for (OnnxValue value : graph.outputs()) {             // output
                out.writeBytes(12, ByteString.copyFrom(value(value)));
            }
        });
    }

    private static byte[] node(OnnxNode node) {
        return message(out -> {
            for (String input : node.inputs()) {                  // NodeProto.input
                out.writeString(1, input);
            }
            for (String output : node.outputs()) {                // output
                out.writeString(2, output);
            }
            out.writeString(3, node.name());
            out.writeString(4, node.opType());
            for (OnnxAttribute attribute : node.attributes()) {   // attribute
                out.writeBytes(5, ByteString.copyFrom(attribute(attribute)));
            }
        });
    }

    private static byte[] attribute(OnnxAttribute a) {
        return message(out -> {
            out.writeString(1, a.name());                         // AttributeProto.name
            out.writeInt32(20, a.kind().code());                  // type
            switch (a.kind()) {
                case FLOAT -> out.writeFloat(2, a.floatValue());  // f
                case INT -> out.writeInt64(3, a.intValue());      // i
                case STRING -> out.writeBytes(4, ByteString.copyFromUtf8(a.stringValue())); // s
                case INTS -> {
                    for (long v : a.ints()) {                      // ints (unpacked, as proto2 declares it)
                        out.writeInt64(8, v);
                    }
                }
            }
        });
    }

    private static byte[] tensor(OnnxTensor t) {
        return message(out -> {
            for (long dim : t.dims()) {                           // TensorProto.dims
                out.writeInt64(1, dim);
            }
            out.writeInt32(2, t.type().code());                   // data_type
            out.writeString(8, t.name());                         // name
            out.writeBytes(9, ByteString.copyFrom(t.rawData()));  // raw_data
        });
    }

    private static byte[] value(OnnxValue v) {
        byte[] tensorType = message(out -> {                      // TypeProto.Tensor
            out.writeInt32(1, v.type().code());                   // elem_type
            if (!v.shape().isEmpty()) {
                out.writeBytes(2, ByteString.copyFrom(message(shape -> { // TensorShapeProto
                    for (Object dim : v.shape()) {
                        shape.writeBytes(1, ByteString.copyFrom(message(d -> {
                            if (dim instanceof Long size) {
                                d.writeInt64(1, size);            // dim_value
                            } else {
                                d.writeString(2, (String) dim);   // dim_param
                            }
                        })));
                    }
                })));
            }
        });
        return message(out -> {
            out.writeString(1, v.name());                         // ValueInfoProto.name
            out.writeBytes(2, ByteString.copyFrom(message(type -> type.writeBytes(1, ByteString.copyFrom(tensorType)))));
        });
    }

    private interface Fields {
        void write(CodedOutputStream out) throws IOException;
    }

    private static byte[] message(Fields fields) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            fields.write(out);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode an ONNX message in memory", e);
        }
    }
}
