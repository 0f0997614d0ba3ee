package org.sparknas.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sparknas.config.ConfigException;
import org.sparknas.space.OfaSpace;
import org.sparknas.train.TrainConfig;
import org.sparknas.train.TrainSettings;

/** README's commands for a user's own images: conf/train-mbv3.conf and conf/search-mbv3.conf as shipped. */
class OwnDataConfigTest {

    private static final Map<String, String> FOLDER = Map.of("data.path", "\"hdfs://nn/photos/train\"",
            "space.num-classes", "100");

    @Test
    void theShippedTrainingOfTheMobileNetV3SpaceOnAnImageFolderLoads() {
        TrainSettings settings = TrainConfig.load(Path.of("../conf/train-mbv3.conf"), FOLDER);
        assertEquals("ofa-mbv3", settings.space().name());
        assertEquals(3, settings.space().inputChannels());
        assertEquals(5, settings.space().stages().size());
        assertEquals("image-folder", settings.data().source());
        assertEquals("hdfs://nn/photos/train", settings.data().stored().path());
        assertEquals(224, settings.data().stored().imageSize());
        assertEquals(64, settings.batchSize());
    }

    @Test
    void theShippedSearchOfTheMobileNetV3SpaceLoadsWithTheSameData() {
        Map<String, String> overrides = new java.util.LinkedHashMap<>(FOLDER);
        overrides.put("supernet.weights", "\"hdfs://nn/nas/train-mbv3/supernet.weights\"");
        SearchSettings settings = SearchSettings.load(Path.of("../conf/search-mbv3.conf"), overrides);
        assertEquals("ofa-mbv3", ((OfaSpace) settings.space()).name());
        assertEquals(List.of("max accuracy", "min macs"), settings.goal().objectives().stream().map(Object::toString).toList());
        assertEquals(TrainConfig.load(Path.of("../conf/train-mbv3.conf"), FOLDER).data(), settings.data(),
                "the search's data is the training's, as the weights will require");
    }

    @Test
    void withoutAPathTheyNameTheKeyToSet() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> TrainConfig.load(Path.of("../conf/train-mbv3.conf"), Map.of()));
        assertTrue(e.getMessage().contains("data.path"), e.getMessage());
    }
}
