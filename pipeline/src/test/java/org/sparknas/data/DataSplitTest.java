package org.sparknas.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DataSplitTest {

    /** Images whose first two pixels spell their index, so that every image is recognisable after a split. */
    private static ImageSource numbered(int count) {
        byte[] pixels = new byte[count * 16];
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) {
            pixels[i * 16] = (byte) (i >> 8);
            pixels[i * 16 + 1] = (byte) i;
            labels[i] = (byte) (i % 10);
        }
        ImageSet training = new ImageSet(pixels, labels, 1, 4, 4, 10);
        ImageSet test = training.first(10);
        return new ImageSource() {
            @Override
            public String name() {
                return "numbered";
            }

            @Override
            public ImageSet training() {
                return training;
            }

            @Override
            public ImageSet test() {
                return test;
            }
        };
    }

    private static Set<Integer> ids(ImageSet set) {
        Set<Integer> ids = new HashSet<>();
        for (int i = 0; i < set.count(); i++) {
            ids.add(((set.pixels()[i * 16] & 0xFF) << 8) | (set.pixels()[i * 16 + 1] & 0xFF));
        }
        return ids;
    }

    @Test
    void validationIsHeldOutAndCalibrationIsTrainingOnly() {
        DataSplit split = DataSplit.of(numbered(1000), new SplitPlan(200, 100, 3));
        assertEquals(200, split.validation().count());
        assertEquals(800, split.training().count());
        assertEquals(100, split.calibration().count());
        Set<Integer> validation = ids(split.validation());
        Set<Integer> training = ids(split.training().readAll());
        Set<Integer> calibration = ids(split.calibration());
        assertEquals(200, validation.size());
        assertEquals(800, training.size());
        assertTrue(validation.stream().noneMatch(training::contains));
        assertTrue(training.containsAll(calibration));
        assertTrue(calibration.stream().noneMatch(validation::contains));
        assertEquals(10, split.test().count());
    }

    @Test
    void theSplitIsFixedBySeed() {
        DataSplit a = DataSplit.of(numbered(500), new SplitPlan(100, 50, 9));
        DataSplit b = DataSplit.of(numbered(500), new SplitPlan(100, 50, 9));
        DataSplit c = DataSplit.of(numbered(500), new SplitPlan(100, 50, 10));
        assertArrayEquals(a.validation().pixels(), b.validation().pixels());
        assertArrayEquals(a.calibration().pixels(), b.calibration().pixels());
        assertFalse(ids(a.validation()).equals(ids(c.validation())));
        // validation is a random sample, not the first images of the file
        assertFalse(ids(a.validation()).equals(ids(numbered(500).training().first(100))));
    }

    @Test
    void aTrainingSetTooSmallIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DataSplit.of(numbered(100), SplitPlan.DEFAULT));
        assertTrue(e.getMessage().contains("5000") && e.getMessage().contains("2000"), e.getMessage());
    }
}
