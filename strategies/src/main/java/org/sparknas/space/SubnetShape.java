package org.sparknas.space;

import java.util.List;

/**
 * The exact network one architecture of an {@link OfaSpace} describes, layer by layer:
 *
 * <pre>
 * input  C_in x R x R (the image resized to the architecture's resolution R)
 * stem   conv k x k, stride s, C_in -> C_stem, no bias; BatchNorm; activation
 * blocks per stage, its first d blocks; block j: MBConv(in = C_prev or C_stage, out = C_stage,
 *        stride = stage stride for j = 1 else 1):
 *          1x1 conv in -> mid (mid = in * expand), no bias; BN; activation
 *          k x k depthwise conv (groups = mid), stride, padding k/2, no bias; BN; activation
 *          [squeeze-excite: global average pool; 1x1 conv mid -> mid/4 with bias; ReLU;
 *           1x1 conv mid/4 -> mid with bias; h-sigmoid; multiply]
 *          1x1 conv mid -> out, no bias; BN
 *          + input, when stride is 1 and in = out
 * head   1x1 conv C_last -> C_head, no bias; BN; activation; global average pool;
 *        linear C_head -> classes with bias
 * </pre>
 *
 * A stride-2 layer with padding k/2 maps size H to ceil(H / 2). MACs count the multiply-adds of
 * convolutions and the classifier only (BatchNorm, activations, pooling and additions are left
 * out, as is usual); parameters count every trainable weight the sub-network owns: convolution
 * kernels, BatchNorm gamma and beta, squeeze-excite and classifier biases. The supernet's
 * kernel-transformation matrices are not the sub-network's own and are not counted.
 *
 * <p>{@code precision} is the numeric precision the network is deployed at (fp32 unless its space
 * declares precisions and the architecture chose another); it does not change the layers, MACs or
 * parameter counts above, only how an exporter stores and runs them.
 */
public record SubnetShape(int inputChannels, int resolution, OfaStem stem, int stemOutputSize,
                          List<BlockShape> blocks, OfaHead head, int headInputChannels, int headInputSize,
                          int numClasses, Precision precision) {

    public SubnetShape {
        blocks = List.copyOf(blocks);
        if (precision == null) {
            throw new IllegalArgumentException("a sub-network shape needs a precision; use Precision.FP32 for full precision");
        }
    }

    public long stemMacs() {
        return (long) stemOutputSize * stemOutputSize * stem.channels() * inputChannels * stem.kernel() * stem.kernel();
    }

    public long stemParams() {
        return (long) stem.channels() * inputChannels * stem.kernel() * stem.kernel() + 2L * stem.channels();
    }

    public long headMacs() {
        return (long) headInputSize * headInputSize * headInputChannels * head.channels() + (long) head.channels() * numClasses;
    }

    public long headParams() {
        return (long) headInputChannels * head.channels() + 2L * head.channels() + (long) head.channels() * numClasses + numClasses;
    }

    public long macs() {
        return stemMacs() + blocks.stream().mapToLong(BlockShape::macs).sum() + headMacs();
    }

    public long params() {
        return stemParams() + blocks.stream().mapToLong(BlockShape::params).sum() + headParams();
    }
}
