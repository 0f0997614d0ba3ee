package org.sparknas.space;

/**
 * One active MBConv block of a sub-network with every shape resolved: what the supernet runs,
 * the cost model counts and the latency table is keyed by.
 *
 * @param stage        1-based stage
 * @param block        1-based block within the stage
 * @param inputSize    spatial size (height = width) of the block's input
 * @param outputSize   spatial size after the block's stride
 * @param seChannels   squeeze-excite bottleneck width, 0 without squeeze-excite
 * @param residual     whether the block adds its input to its output (stride 1 and equal widths)
 */
public record BlockShape(int stage, int block, int inChannels, int midChannels, int seChannels, int outChannels,
                         int kernel, int expandRatio, int stride, int inputSize, int outputSize,
                         boolean residual, Activation activation) {

    /** Multiply-accumulates: expand 1x1, depthwise kxk, squeeze-excite, project 1x1. */
    public long macs() {
        long expand = (long) inputSize * inputSize * inChannels * midChannels;
        long depthwise = (long) outputSize * outputSize * midChannels * kernel * kernel;
        long se = 2L * midChannels * seChannels;
        long project = (long) outputSize * outputSize * midChannels * outChannels;
        return expand + depthwise + se + project;
    }

    /** Weights: convolutions without bias, BatchNorm gamma and beta, squeeze-excite convolutions with bias. */
    public long params() {
        long expand = (long) inChannels * midChannels + 2L * midChannels;
        long depthwise = (long) midChannels * kernel * kernel + 2L * midChannels;
        long se = seChannels == 0 ? 0 : (long) midChannels * seChannels + seChannels + (long) seChannels * midChannels + midChannels;
        long project = (long) midChannels * outChannels + 2L * outChannels;
        return expand + depthwise + se + project;
    }
}
