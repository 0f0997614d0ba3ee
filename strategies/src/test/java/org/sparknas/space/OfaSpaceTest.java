package org.sparknas.space;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class OfaSpaceTest {

    static OfaSpace defaultSpace() {
        return (OfaSpace) SearchSpaces.load(Path.of("../conf/spaces/ofa-fmnist.conf"));
    }

    @Test
    void genesAreResolutionDepthsKernelsExpands() {
        OfaSpace space = defaultSpace();
        assertEquals(1 + 3 + 12 + 12, space.dimensions().size());
        assertEquals("resolution", space.dimensions().get(0).name());
        assertEquals("depth.3", space.dimensions().get(3).name());
        assertEquals("kernel.1.1", space.dimensions().get(4).name());
        assertEquals("expand.3.4", space.dimensions().get(27).name());
    }

    @Test
    void inactiveBlocksAreCanonicalised() {
        OfaSpace space = defaultSpace();
        Architecture a = space.parse("r24:d2,3,4:k3,5,7,7,3,5,7,7,3,3,3,3:e6,6,6,6,4,4,4,4,3,3,3,3");
        Architecture b = space.parse("r24:d2,3,4:k3,5,3,3,3,5,7,3,3,3,3,3:e6,6,3,3,4,4,4,3,3,3,3,3");
        assertEquals(a, b);
        assertEquals("r24:d2,3,4:k3,5,3,3,3,5,7,3,3,3,3,3:e6,6,3,3,4,4,4,3,3,3,3,3", a.key());
        assertEquals(a, space.parse(a.key()));
    }

    @Test
    void decodeShowsActiveBlocksOnly() {
        OfaSpace space = defaultSpace();
        OfaArchitecture view = space.decode(space.parse("r20:d2,3,4:k3,5,3,3,3,5,7,3,7,7,7,7:e6,6,3,3,4,4,4,3,3,4,6,3"));
        assertEquals(20, view.resolution());
        assertEquals(List.of(2, 3, 4), view.depths());
        assertEquals(List.of(List.of(3, 5), List.of(3, 5, 7), List.of(7, 7, 7, 7)), view.kernels());
        assertEquals(List.of(List.of(6, 6), List.of(4, 4, 4), List.of(3, 4, 6, 3)), view.expandRatios());
        assertEquals(space.parse("r20:d2,3,4:k3,5,3,3,3,5,7,3,7,7,7,7:e6,6,3,3,4,4,4,3,3,4,6,3"), space.encode(view));
    }

    @Test
    void macsAndParamsOfLargestAndSmallest() {
        OfaSpace space = defaultSpace();
        // Counted independently layer by layer (see SubnetShape): 28 -> 14 (stem) -> 14 -> 7 -> 4.
        assertEquals(10_387_920L, space.macs(space.largest()));
        assertEquals(808_928L, space.macs(space.smallest()));
        // Smallest: r20, every stage depth 2, k3, e3 -> 20 -> 10 -> 10 -> 5 -> 3.
        long stem = 9 * 16 + 32;
        long b11 = 16 * 48 + 96 + 48 * 9 + 96 + 48 * 16 + 32;
        long b12 = 16 * 48 + 96 + 48 * 9 + 96 + 48 * 16 + 32;
        long b21 = 16 * 48 + 96 + 48 * 9 + 96 + (48 * 12 + 12 + 12 * 48 + 48) + 48 * 24 + 48;
        long b22 = 24 * 72 + 144 + 72 * 9 + 144 + (72 * 18 + 18 + 18 * 72 + 72) + 72 * 24 + 48;
        long b31 = 24 * 72 + 144 + 72 * 9 + 144 + (72 * 18 + 18 + 18 * 72 + 72) + 72 * 32 + 64;
        long b32 = 32 * 96 + 192 + 96 * 9 + 192 + (96 * 24 + 24 + 24 * 96 + 96) + 96 * 32 + 64;
        long head = 32 * 128 + 256 + 128 * 10 + 10;
        assertEquals(stem + b11 + b12 + b21 + b22 + b31 + b32 + head, space.params(space.smallest()));
    }

    @Test
    void shapesFollowStridesAndResiduals() {
        OfaSpace space = defaultSpace();
        SubnetShape shape = space.shape(space.largest());
        assertEquals(14, shape.stemOutputSize());
        assertEquals(12, shape.blocks().size());
        BlockShape first = shape.blocks().get(0);
        assertEquals(14, first.inputSize());
        assertEquals(14, first.outputSize());
        assertEquals(96, first.midChannels());
        assertTrue(first.residual(), "stride 1 and 16 -> 16 channels");
        BlockShape firstOfStage2 = shape.blocks().get(4);
        assertEquals(7, firstOfStage2.outputSize());
        assertFalse(firstOfStage2.residual(), "stride 2");
        assertTrue(shape.blocks().get(5).residual());
        assertEquals(0, first.seChannels());
        assertEquals(24 * 6 / 4, shape.blocks().get(5).seChannels());
        assertEquals(4, shape.headInputSize());
    }

    @Test
    void sizeCountsDistinctCanonicalArchitectures() {
        OfaSpace space = defaultSpace();
        BigInteger perStage = BigInteger.valueOf(9).pow(2).add(BigInteger.valueOf(9).pow(3)).add(BigInteger.valueOf(9).pow(4));
        assertEquals(BigInteger.valueOf(3).multiply(perStage.pow(3)), space.size());
    }

    @Test
    void samplingMutationAndCrossoverStayInSpaceAndAreSeeded() {
        OfaSpace space = defaultSpace();
        SplittableRandom r1 = new SplittableRandom(7);
        SplittableRandom r2 = new SplittableRandom(7);
        Set<Architecture> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            Architecture a = space.sample(r1);
            assertEquals(a, space.sample(r2));
            assertEquals(a, space.parse(a.key()));
            seen.add(a);
            Architecture m = space.mutate(a, r1, MutationRates.onceForAll());
            assertEquals(m, space.mutate(a, r2, MutationRates.onceForAll()));
            Architecture c = space.crossover(a, m, r1);
            assertEquals(c, space.crossover(a, m, r2));
        }
        assertTrue(seen.size() > 190, "uniform sampling of a space of 4e8 should rarely repeat: " + seen.size());
    }

    @Test
    void mutationWithProbabilityOneChangesEveryActiveGene() {
        OfaSpace space = defaultSpace();
        Architecture a = space.largest();
        Architecture m = space.mutate(a, new SplittableRandom(1), MutationRates.uniform(1.0));
        assertNotEquals(a.gene(0), m.gene(0));
    }

    @Test
    void outOfSpaceValuesAreRefusedByName() {
        OfaSpace space = defaultSpace();
        InvalidArchitectureException e = assertThrows(InvalidArchitectureException.class,
                () -> space.parse("r32:d2,3,4:k3,5,3,3,3,5,7,3,3,3,3,3:e6,6,3,3,4,4,4,3,3,3,3,3"));
        assertTrue(e.getMessage().contains("'resolution'") && e.getMessage().contains("32"), e.getMessage());
        e = assertThrows(InvalidArchitectureException.class, () -> space.parse("r28:d2,3:k3:e3"));
        assertTrue(e.getMessage().contains("depths"), e.getMessage());
        e = assertThrows(InvalidArchitectureException.class, () -> space.parse("hello"));
        assertTrue(e.getMessage().contains("r<resolution>"), e.getMessage());
    }

    @Test
    void gridEnumeratesNamedDimensionsAroundABase() {
        OfaSpace space = defaultSpace();
        List<Integer> dims = space.matchDimensions(List.of("resolution", "depth.*"));
        assertEquals(List.of(0, 1, 2, 3), dims);
        assertEquals(BigInteger.valueOf(81), space.gridSize(dims));
        List<Architecture> grid = space.grid(dims, space.smallest()).toList();
        assertEquals(81, grid.size());
        assertEquals(81, new HashSet<>(grid).size());
        assertThrows(IllegalArgumentException.class, () -> space.matchDimensions(List.of("kernal.*")));
    }

    @Test
    void fingerprintChangesWithTheNetwork() {
        OfaSpace a = defaultSpace();
        OfaSpace b = new OfaSpace(a.name(), 1, 10, a.resolutions(), a.stem(), a.stages(), new OfaHead(64, Activation.HSWISH));
        assertEquals(a.fingerprint(), defaultSpace().fingerprint());
        assertNotEquals(a.fingerprint(), b.fingerprint());
    }

    @Test
    void choicesListTheKernelsAndExpandsOfUsedBlocksOnly() {
        OfaSpace space = defaultSpace();
        Architecture arch = space.parse("r24:d2,4,3:k3,5,7,7,3,5,7,3,7,5,3,3:e3,4,6,6,6,4,3,4,4,3,6,3");
        java.util.Map<String, java.util.List<Integer>> choices = space.choices(arch);
        assertEquals(java.util.List.of("resolution", "depth.1", "depth.2", "depth.3", "kernel.1", "kernel.2", "kernel.3",
                "expand.1", "expand.2", "expand.3"), java.util.List.copyOf(choices.keySet()));
        assertEquals(java.util.List.of(24), choices.get("resolution"));
        assertEquals(java.util.List.of(4), choices.get("depth.2"));
        assertEquals(java.util.List.of(3, 5), choices.get("kernel.1"), "stage 1 uses 2 of its 4 blocks");
        assertEquals(java.util.List.of(3, 5, 7, 3), choices.get("kernel.2"));
        assertEquals(java.util.List.of(7, 5, 3), choices.get("kernel.3"));
        assertEquals(java.util.List.of(6, 4, 3, 4), choices.get("expand.2"));
    }

    @Test
    void aPlainSpaceGivesOneValuePerDimension() {
        SearchSpace plain = new CategoricalSpace("plain", java.util.List.of(new Dimension("a", java.util.List.of(1, 2)),
                new Dimension("b", java.util.List.of(5, 6, 7))));
        Architecture arch = plain.architecture(new int[] {2, 7});
        assertEquals(java.util.Map.of("a", java.util.List.of(2), "b", java.util.List.of(7)), plain.choices(arch));
    }
}
