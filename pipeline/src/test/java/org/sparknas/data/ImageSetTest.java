package org.sparknas.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;

class ImageSetTest {

    @Test
    void subsetsCopyTheChosenImages() {
        ImageSet set = new ImageSet(new byte[] {1, 1, 2, 2, 3, 3}, new byte[] {0, 1, 2}, 1, 1, 2, 3);
        ImageSet picked = set.subset(new int[] {2, 0});
        assertArrayEquals(new byte[] {3, 3, 1, 1}, picked.pixels());
        assertArrayEquals(new byte[] {2, 0}, picked.labels());
        assertEquals(1, set.first(1).count());
        assertThrows(IndexOutOfBoundsException.class, () -> set.subset(new int[] {3}));
    }

    @Test
    void inconsistentArraysAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ImageSet(new byte[5], new byte[3], 1, 1, 2, 3));
        assertThrows(IllegalArgumentException.class, () -> new ImageSet(new byte[2], new byte[] {7}, 1, 1, 2, 3));
    }

    @Test
    void serialisesCompactly() throws IOException, ClassNotFoundException {
        ImageSet set = SyntheticImages.fashionLike(500, 0, 1).training();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(set);
        }
        // one byte per pixel and label, plus a small header
        assertEquals(500 * 785, bytes.size(), 1000);
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            ImageSet back = (ImageSet) in.readObject();
            assertArrayEquals(set.pixels(), back.pixels());
            assertArrayEquals(set.labels(), back.labels());
        }
    }

    @Test
    void syntheticImagesAreSeededAndCoverEveryClass() {
        ImageSet a = SyntheticImages.fashionLike(200, 50, 7).training();
        ImageSet b = SyntheticImages.fashionLike(200, 50, 7).training();
        assertArrayEquals(a.pixels(), b.pixels());
        assertArrayEquals(a.labels(), b.labels());
        assertNotEquals(java.util.Arrays.hashCode(a.pixels()),
                java.util.Arrays.hashCode(SyntheticImages.fashionLike(200, 50, 8).training().pixels()));
        int[] perClass = new int[10];
        for (int i = 0; i < a.count(); i++) {
            perClass[a.label(i)]++;
        }
        for (int c = 0; c < 10; c++) {
            org.junit.jupiter.api.Assertions.assertTrue(perClass[c] > 5, "class " + c + ": " + perClass[c]);
        }
        assertEquals(50, SyntheticImages.fashionLike(200, 50, 7).test().count());
    }
}
