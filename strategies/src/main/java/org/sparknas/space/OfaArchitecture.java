package org.sparknas.space;

import java.util.List;

/**
 * The readable view of an Once-for-All architecture: the input resolution, each stage's active
 * depth, and the kernel size and expand ratio of each active block (inactive blocks are absent).
 */
public record OfaArchitecture(int resolution, List<Integer> depths, List<List<Integer>> kernels,
                              List<List<Integer>> expandRatios) {

    public OfaArchitecture {
        depths = List.copyOf(depths);
        kernels = kernels.stream().map(List::copyOf).toList();
        expandRatios = expandRatios.stream().map(List::copyOf).toList();
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
