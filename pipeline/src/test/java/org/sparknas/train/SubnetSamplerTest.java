package org.sparknas.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.sparknas.space.OfaArchitecture;
import org.sparknas.space.OfaSpace;

/** Which dimensions each phase of progressive shrinking varies, and what it keeps at the largest choice. */
class SubnetSamplerTest {

    private static final TrainSettings PROGRESSIVE = TrainConfig.load(Path.of("../conf/train.conf"),
            Map.of("schedule", "progressive"));
    private static final OfaSpace SPACE = PROGRESSIVE.space();

    @Test
    void eachPhaseVariesExactlyItsElasticDimensions() {
        List<Set<ElasticDimension>> expected = List.of(
                EnumSet.noneOf(ElasticDimension.class),
                EnumSet.of(ElasticDimension.RESOLUTION, ElasticDimension.KERNEL),
                EnumSet.of(ElasticDimension.RESOLUTION, ElasticDimension.KERNEL, ElasticDimension.DEPTH),
                EnumSet.allOf(ElasticDimension.class));
        for (int p = 0; p < PROGRESSIVE.phases().size(); p++) {
            Phase phase = PROGRESSIVE.phases().get(p);
            assertEquals(expected.get(p), phase.elastic(), phase.name());
            assertEquals(expected.get(p), varied(phase), "dimensions sampled in phase " + phase.name());
        }
    }

    @Test
    void theLargestIsTheTeacherAndTheSmallestShrinksOnlyElasticDimensions() {
        SubnetSampler kernelPhase = new SubnetSampler(SPACE, EnumSet.of(ElasticDimension.RESOLUTION, ElasticDimension.KERNEL));
        assertEquals(SPACE.largest(), kernelPhase.largest(28));
        assertEquals("r20:d4,4,4:k3,3,3,3,3,3,3,3,3,3,3,3:e6,6,6,6,6,6,6,6,6,6,6,6", kernelPhase.smallest(20).key());
        SubnetSampler all = new SubnetSampler(SPACE, EnumSet.allOf(ElasticDimension.class));
        assertEquals(SPACE.smallest(), all.smallest(20));
        assertEquals("r24:d3,3,3:k5,5,5,3,5,5,5,3,5,5,5,3:e4,4,4,3,4,4,4,3,4,4,4,3", SPACE.median().key());
    }

    @Test
    void withoutElasticResolutionEveryBatchIsAtTheLargest() {
        SubnetSampler fixed = new SubnetSampler(SPACE, EnumSet.of(ElasticDimension.KERNEL));
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 20; i++) {
            assertEquals(28, fixed.resolution(random));
        }
    }

    /**
     * The dimensions that took more than one value over 300 draws (resolution per batch, the rest per
     * network), looking at the blocks each network runs (the space canonicalises the others).
     */
    private static Set<ElasticDimension> varied(Phase phase) {
        SubnetSampler sampler = new SubnetSampler(SPACE, phase.elastic());
        SplittableRandom random = new SplittableRandom(7);
        Map<ElasticDimension, Set<Integer>> values = new java.util.EnumMap<>(ElasticDimension.class);
        for (ElasticDimension d : ElasticDimension.values()) {
            values.put(d, new HashSet<>());
        }
        for (int i = 0; i < 300; i++) {
            OfaArchitecture a = SPACE.decode(sampler.sample(random, sampler.resolution(random)));
            values.get(ElasticDimension.RESOLUTION).add(a.resolution());
            values.get(ElasticDimension.DEPTH).addAll(a.depths());
            a.kernels().forEach(values.get(ElasticDimension.KERNEL)::addAll);
            a.expandRatios().forEach(values.get(ElasticDimension.EXPAND)::addAll);
        }
        Set<ElasticDimension> varied = EnumSet.noneOf(ElasticDimension.class);
        Map<ElasticDimension, Integer> largest = Map.of(ElasticDimension.RESOLUTION, 28, ElasticDimension.DEPTH, 4,
                ElasticDimension.KERNEL, 7, ElasticDimension.EXPAND, 6);
        values.forEach((d, seen) -> {
            if (seen.size() > 1) {
                varied.add(d);
            } else {
                assertEquals(Set.of(largest.get(d)), seen, d + " stays at its largest choice in phase " + phase.name());
            }
        });
        return varied;
    }
}
