package org.sparknas.space;

import java.util.List;

/**
 * The readable view of an Once-for-All architecture: the input resolution, each stage's active
 * depth, the kernel size and expand ratio of each active block (inactive blocks are absent), and
 * the precision it is deployed at ({@link Precision#FP32} in a space that declares no precisions).
 */
public record OfaArchitecture(int resolution, List<Integer> depths, List<List<Integer>> kernels,
                              List<List<Integer>> expandRatios, Precision precision) {

    public OfaArchitecture {
        depths = List.copyOf(depths);
        kernels = kernels.stream().map(List::copyOf).toList();
        expandRatios = expandRatios.stream().map(List::copyOf).toList();
        if (precision == null) {
            throw new IllegalArgumentException("an architecture needs a precision; use Precision.FP32 for full precision");
        }
    }

    /** The network at full precision: what every architecture of a space without precisions is. */
    public OfaArchitecture(int resolution, List<Integer> depths, List<List<Integer>> kernels,
                           List<List<Integer>> expandRatios) {
        this(resolution, depths, kernels, expandRatios, Precision.FP32);
    }

    /** All active kernel sizes, stage after stage. */
    public List<Integer> flatKernels() {
        return kernels.stream().flatMap(List::stream).toList();
    }

    /** All active expand ratios, stage after stage. */
    public List<Integer> flatExpandRatios() {
        return expandRatios.stream().flatMap(List::stream).toList();
    }
}
