package org.sparknas.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.sparknas.data.ImageSet;

class AugmentationTest {

    /** One 3x3 image 1..9 (row-major) and one of 0s. */
    private static final ImageSet IMAGES = new ImageSet(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0},
            new byte[] {1, 0}, 1, 3, 3, 2);

    @Test
    void withoutAugmentationTheBatchIsTheImagesInOrder() {
        ImageSet batch = Augmentation.NONE.apply(IMAGES.subset(new int[] {1, 0}), new SplittableRandom(1));
        assertArrayEquals(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, batch.pixels());
        assertArrayEquals(new byte[] {0, 1}, batch.labels());
    }

    @Test
    void shiftsFillTheUncoveredBorderWithBlackAndFlipsMirrorRows() {
        Set<String> seen = new HashSet<>();
        SplittableRandom random = new SplittableRandom(3);
        Augmentation augmentation = new Augmentation(1, true);
        for (int i = 0; i < 400; i++) {
            byte[] p = augmentation.apply(IMAGES.subset(new int[] {0}), random).pixels();
            seen.add(java.util.Arrays.toString(p));
        }
        // 3 x 3 shifts, each flipped or not
        assertEquals(18, seen.size());
        assertTrue(seen.contains("[1, 2, 3, 4, 5, 6, 7, 8, 9]"));
        assertTrue(seen.contains("[3, 2, 1, 6, 5, 4, 9, 8, 7]"), "mirrored");
        // shifted one pixel down and right: the image moves, its first row and column become black
        assertTrue(seen.contains("[0, 0, 0, 0, 1, 2, 0, 4, 5]"), seen.toString());
        assertTrue(seen.contains("[5, 6, 0, 8, 9, 0, 0, 0, 0]"), seen.toString());
    }
}
