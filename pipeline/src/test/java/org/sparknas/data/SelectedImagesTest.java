package org.sparknas.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;

class SelectedImagesTest {

    private static final ImageSet IMAGES = SyntheticImages.fashionLike(40, 0, 3).training();

    @Test
    void readsTheSelectedImagesInTheSelectionsOrder() {
        ImageCollection selection = IMAGES.select(new int[] {7, 2, 30});
        assertEquals(3, selection.count());
        assertEquals(IMAGES.label(2), selection.label(1));
        ImageSet read = selection.read(new int[] {2, 0});
        assertArrayEquals(IMAGES.subset(new int[] {30, 7}).pixels(), read.pixels());
        assertArrayEquals(IMAGES.subset(new int[] {7, 2, 30}).pixels(), selection.readAll().pixels());
        assertArrayEquals(IMAGES.subset(new int[] {7, 2}).labels(), selection.first(2).labels());
    }

    @Test
    void aSelectionOfASelectionSelectsFromTheBase() {
        ImageCollection inner = IMAGES.select(new int[] {5, 6, 7, 8}).select(new int[] {3, 1});
        SelectedImages selected = (SelectedImages) inner;
        assertSame(IMAGES, selected.base());
        assertArrayEquals(new int[] {8, 6}, selected.indices());
    }

    @Test
    void refusesPositionsOutsideTheSelectionOrTheBase() {
        assertThrows(IndexOutOfBoundsException.class, () -> IMAGES.select(new int[] {40}));
        ImageCollection selection = IMAGES.select(new int[] {1, 2});
        assertThrows(IndexOutOfBoundsException.class, () -> selection.read(new int[] {2}));
    }

    @Test
    void anImageSetReadWhollyIsItselfAndTravelsToExecutorsWithItsSelection() throws Exception {
        assertSame(IMAGES, IMAGES.readAll());
        ImageCollection selection = IMAGES.select(new int[] {4, 9});
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(selection);
        }
        ImageCollection back;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            back = (ImageCollection) in.readObject();
        }
        assertArrayEquals(selection.readAll().pixels(), back.readAll().pixels());
    }
}
