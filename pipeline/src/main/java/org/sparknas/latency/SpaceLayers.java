package org.sparknas.latency;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.sparknas.space.Architecture;
import org.sparknas.space.BlockShape;
import org.sparknas.space.OfaArchitecture;
import org.sparknas.space.OfaSpace;
import org.sparknas.space.OfaStage;
import org.sparknas.space.Precision;
import org.sparknas.space.SubnetShape;

/**
 * Every layer configuration an Once-for-All space can produce, and a small set of architectures that
 * contains them all (what {@code profile-latency} runs).
 *
 * <p>Why a few architectures suffice: only a stage's first block has the stage's stride, so a
 * block's shapes depend on the resolution, its stage, whether it is the stage's first block, and
 * its own kernel and expand ratio, never on the depths or on other blocks' choices. For every
 * resolution, the architectures at the largest depths whose blocks all use the j-th (kernel,
 * expand) pair of their stage, for every j, therefore contain every stem, block and head key.
 */
public final class SpaceLayers {

    private SpaceLayers() {
    }

    /** Architectures that together contain every layer key of {@code space}. */
    public static List<Architecture> covering(OfaSpace space) {
        int pairs = space.stages().stream().mapToInt(s -> s.kernels().size() * s.expandRatios().size()).max().orElse(1);
        List<Architecture> archs = new ArrayList<>();
        for (int resolution : space.resolutions()) {
            for (int j = 0; j < pairs; j++) {
                List<Integer> depths = new ArrayList<>();
                List<List<Integer>> kernels = new ArrayList<>();
                List<List<Integer>> expands = new ArrayList<>();
                for (OfaStage stage : space.stages()) {
                    int pair = j % (stage.kernels().size() * stage.expandRatios().size());
                    int kernel = stage.kernels().get(pair / stage.expandRatios().size());
                    int expand = stage.expandRatios().get(pair % stage.expandRatios().size());
                    depths.add(stage.maxDepth());
                    kernels.add(Collections.nCopies(stage.maxDepth(), kernel));
                    expands.add(Collections.nCopies(stage.maxDepth(), expand));
                }
                archs.add(space.encode(new OfaArchitecture(resolution, depths, kernels, expands, space.defaultPrecision())));
            }
        }
        return archs;
    }

    /** Every layer key a sub-network of {@code space} can contain, stems first, then blocks, then heads. */
    public static Set<LayerKey> required(OfaSpace space) {
        Set<LayerKey> keys = new LinkedHashSet<>();
        for (Architecture arch : covering(space)) {
            keys.addAll(keys(space.shape(arch)));
        }
        return keys;
    }

    /** The precisions a table that times each precision needs rows for: those the space declares, else fp32. */
    public static List<Precision> precisions(OfaSpace space) {
        return space.declaresPrecisions() ? space.precisions() : List.of(Precision.FP32);
    }

    /** Every layer key a sub-network of {@code space} can contain, at each of {@code precisions}, precision by precision. */
    public static Set<LayerKey> required(OfaSpace space, Collection<Precision> precisions) {
        Set<LayerKey> fp32 = required(space);
        Set<LayerKey> keys = new LinkedHashSet<>();
        for (Precision p : precisions) {
            fp32.forEach(k -> keys.add(k.at(p)));
        }
        return keys;
    }

    /** The keys of one sub-network's layers at {@code precision}, in forward order: stem, blocks, head. */
    public static List<LayerKey> keys(SubnetShape shape, Precision precision) {
        return keys(shape).stream().map(k -> k.at(precision)).toList();
    }

    /** The keys of one sub-network's layers (at fp32, whatever precision it is deployed at) in forward order: stem, blocks, head. */
    public static List<LayerKey> keys(SubnetShape shape) {
        List<LayerKey> keys = new ArrayList<>();
        keys.add(LayerKey.stem(shape));
        for (BlockShape b : shape.blocks()) {
            keys.add(LayerKey.block(b));
        }
        keys.add(LayerKey.head(shape));
        return keys;
    }
}
