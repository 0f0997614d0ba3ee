package org.sparknas.latency;

import org.sparknas.space.BlockShape;
import org.sparknas.space.Precision;
import org.sparknas.space.SubnetShape;

/**
 * The natural key of one latency-table entry: a layer's type and every shape that decides its cost
 * (FBNet / Once-for-All style), independent of where in the network it sits. Two blocks with the
 * same key run the same operations on the same tensor shapes, so they share one measured entry.
 *
 * <pre>
 * stem:c1:r28:o16:k3:s2:hswish                            input channels, resolution, output channels, kernel, stride, activation
 * mbconv:i16:m48:se12:o24:k5:e3:s1:h7:hswish:res          in/mid/se/out channels, kernel, expand, stride, input size, activation,
 *                                                         res (residual) or nores
 * head:i32:h4:o128:hswish:cls10                           input channels, input size, head channels, activation, classes
 * mbconv:i16:m48:se12:o24:k5:e3:s1:h7:hswish:res:int8     the same layer deployed at int8 (a precision other than fp32)
 * </pre>
 *
 * <p>A key of an fp32 layer has no precision part, so tables written before precisions existed
 * still load; a key of another precision ends in the precision's name ({@link #at}).
 */
public record LayerKey(String text) implements Comparable<LayerKey>, java.io.Serializable {

    /** The three kinds of entry a sub-network's prediction sums. */
    public enum Kind { STEM, MBCONV, HEAD }

    public LayerKey {
        if (text == null || text.isBlank() || text.contains(",") || text.contains(" ")) {
            throw new IllegalArgumentException("a layer key is a non-empty text without commas or spaces, got '" + text + "'");
        }
        kindOf(text);
    }

    /** The stem of {@code shape}: its input is the image at the architecture's resolution. */
    public static LayerKey stem(SubnetShape shape) {
        return new LayerKey("stem:c" + shape.inputChannels() + ":r" + shape.resolution() + ":o" + shape.stem().channels()
                + ":k" + shape.stem().kernel() + ":s" + shape.stem().stride() + ":" + shape.stem().activation().configName());
    }

    public static LayerKey block(BlockShape b) {
        return new LayerKey("mbconv:i" + b.inChannels() + ":m" + b.midChannels() + ":se" + b.seChannels() + ":o"
                + b.outChannels() + ":k" + b.kernel() + ":e" + b.expandRatio() + ":s" + b.stride() + ":h" + b.inputSize()
                + ":" + b.activation().configName() + ":" + (b.residual() ? "res" : "nores"));
    }

    public static LayerKey head(SubnetShape shape) {
        return new LayerKey("head:i" + shape.headInputChannels() + ":h" + shape.headInputSize() + ":o"
                + shape.head().channels() + ":" + shape.head().activation().configName() + ":cls" + shape.numClasses());
    }

    public Kind kind() {
        return kindOf(text);
    }

    /** This layer at {@code precision}: the same key for fp32, else the key followed by {@code :<precision>}. */
    public LayerKey at(Precision precision) {
        if (precision() != Precision.FP32) {
            throw new IllegalStateException("key " + text + " already has a precision");
        }
        return precision == Precision.FP32 ? this : new LayerKey(text + ":" + precision.configName());
    }

    /** The precision the layer is measured at: the key's last part when it names one, else fp32. */
    public Precision precision() {
        String last = text.substring(text.lastIndexOf(':') + 1);
        for (Precision p : Precision.values()) {
            if (p != Precision.FP32 && p.configName().equals(last)) {
                return p;
            }
        }
        return Precision.FP32;
    }

    private static Kind kindOf(String text) {
        String prefix = text.substring(0, Math.max(0, text.indexOf(':')));
        for (Kind k : Kind.values()) {
            if (k.name().toLowerCase(java.util.Locale.ROOT).equals(prefix)) {
                return k;
            }
        }
        throw new IllegalArgumentException("layer key '" + text + "' must start with stem:, mbconv: or head:");
    }

    @Override
    public int compareTo(LayerKey other) {
        int byKind = kind().compareTo(other.kind());
        return byKind != 0 ? byKind : text.compareTo(other.text);
    }

    @Override
    public String toString() {
        return text;
    }
}
