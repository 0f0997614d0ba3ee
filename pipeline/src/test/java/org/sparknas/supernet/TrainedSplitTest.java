package org.sparknas.supernet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sparknas.data.DataIdentity;

class TrainedSplitTest {

    private static final TrainedSplit FOLDER = new TrainedSplit("image-folder", 500, 3,
            new DataIdentity("hdfs://nn/photos", 12000, "0123456789abcdef"));

    @Test
    void dataInStorageIsRecordedWithItsPathCountAndHash() {
        Map<String, String> p = FOLDER.toProperties();
        assertEquals("hdfs://nn/photos", p.get("data-path"));
        assertEquals("12000", p.get("data-images"));
        assertEquals("0123456789abcdef", p.get("data-listing-hash"));
        assertEquals(FOLDER, TrainedSplit.of(new TrainingInfo(p)).orElseThrow());
        // the built-in sources record what they always did
        assertEquals(List.of("data-source", "data-validation-size", "data-split-seed"),
                List.copyOf(new TrainedSplit("fashion-mnist", 5000, 0).toProperties().keySet()));
        Map<String, String> partial = new HashMap<>(p);
        partial.remove("data-listing-hash");
        assertThrows(IllegalArgumentException.class, () -> TrainedSplit.of(new TrainingInfo(partial)));
    }

    @Test
    void otherImagesAtThePathOrAnotherPathAreDifferences() {
        assertEquals(List.of(), FOLDER.differences(FOLDER));
        TrainedSplit moved = new TrainedSplit("image-folder", 500, 3, new DataIdentity("hdfs://nn/other", 12000,
                "0123456789abcdef"));
        assertEquals(List.of("data.path = hdfs://nn/other (trained: hdfs://nn/photos)"), FOLDER.differences(moved));
        TrainedSplit grown = new TrainedSplit("image-folder", 500, 3, new DataIdentity("hdfs://nn/photos", 12001,
                "fedcba9876543210"));
        List<String> d = FOLDER.differences(grown);
        assertEquals(1, d.size());
        assertTrue(d.get(0).startsWith("the images at data.path changed since training: 12001 images, listing hash"
                + " fedcba9876543210 (trained: 12000 images"), d.get(0));
    }
}
