package org.sparknas.onnx;

import java.util.List;

/** One operator of an ONNX graph (default domain); an empty input name leaves an optional input out. */
public record OnnxNode(String opType, String name, List<String> inputs, List<String> outputs,
                       List<OnnxAttribute> attributes) {

    public OnnxNode {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        attributes = List.copyOf(attributes);
    }

    public String output() {
        if (outputs.size() != 1) {
            throw new IllegalStateException(opType + " " + name + " has " + outputs.size() + " outputs");
        }
        return outputs.get(0);
    }
}
