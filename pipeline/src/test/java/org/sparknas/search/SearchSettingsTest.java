package org.sparknas.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sparknas.config.ConfigException;
import org.sparknas.config.StrictConfig;
import org.sparknas.data.DataSettings;
import org.sparknas.store.RunIds;
import org.sparknas.train.TrainConfig;

class SearchSettingsTest {

    private static final Path SEARCH = Path.of("../conf/search.conf");

    @Test
    void theShippedConfigurationReadsAsBeforeTheDeclarations() {
        SearchSettings s = SearchSettings.load(SEARCH, Map.of());
        assertEquals(16, s.generationSize());
        assertEquals(8, s.generations());
        assertEquals(2000, s.fidelity());
        assertEquals(42, s.seed());
        assertEquals(200, s.batchSize());
        assertEquals("local[*]", s.sparkMaster());
        assertEquals(new DataSettings("fashion-mnist", "data/fashion-mnist", 5000, 2000, 0), s.data());
        // the digest keeps the key's old name, so derived run ids and resumes of stored runs do not change
        assertEquals("16", RunPlan.trajectoryOf(s, "sha").get("search.population"));
        assertEquals("DataSettings[source=fashion-mnist, dir=data/fashion-mnist, validationSize=5000, calibrationSize=2000,"
                + " splitSeed=0]", RunPlan.trajectoryOf(s, "sha").get("data"));
    }

    @Test
    void aStrategyClassOfOnesOwnNamesTheRunAndGetsTheGenerationSizeAsItsPopulation() {
        SearchSettings s = SearchSettings.load(SEARCH, Map.of("strategy.name", "null",
                "strategy.class", FirstFeasible.class.getName(), "search.generation-size", "12"));
        assertEquals("first-feasible", s.strategy());
        assertEquals(12, s.strategyConfig().integer("population"));
        assertTrue(RunIds.derived(s.strategy(), s.seed(), "0123456789abcdef").startsWith("first-feasible-s42-"));

        ConfigException both = assertThrows(ConfigException.class,
                () -> SearchSettings.load(SEARCH, Map.of("strategy.class", FirstFeasible.class.getName())));
        assertTrue(both.getMessage().contains("give either name (a built-in strategy) or class"), both.getMessage());
    }

    @Test
    void dataIsReadTheSameForTheSearchAndForTraining() {
        Map<String, String> synthetic = Map.of("data.source", "synthetic", "data.validation-size", "3000",
                "data.calibration-size", "200", "data.split-seed", "7");
        DataSettings search = SearchSettings.load(SEARCH, synthetic).data();
        assertEquals(search, TrainConfig.load(Path.of("../conf/train.conf"), synthetic).data());
        assertEquals(search, DataSettings.fromConfig(new StrictConfig(ConfigFactory.parseMap(synthetic), "")));

        ConfigException e = assertThrows(ConfigException.class,
                () -> SearchSettings.load(SEARCH, Map.of("data.source", "imagenet")));
        ConfigException t = assertThrows(ConfigException.class,
                () -> TrainConfig.load(Path.of("../conf/train.conf"), Map.of("data.source", "imagenet")));
        assertTrue(e.getMessage().contains("'data.source'") && e.getMessage().contains("must be one of fashion-mnist,"
                + " synthetic, image-folder, parquet, got imagenet"), e.getMessage());
        assertEquals(e.getMessage().substring(e.getMessage().indexOf(':')), t.getMessage().substring(t.getMessage().indexOf(':')));
    }

    @Test
    void badValuesNameTheFullKeyTheValueAndTheRule() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> SearchSettings.load(SEARCH, Map.of("search.fidelity", "9000")));
        assertTrue(e.getMessage().contains("search.fidelity") && e.getMessage().contains("data.validation-size"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> SearchSettings.load(SEARCH, Map.of("search.generation-size", "0")));
        assertTrue(e.getMessage().contains("'search.generation-size'") && e.getMessage().contains("must be positive, got 0"),
                e.getMessage());
        e = assertThrows(ConfigException.class, () -> SearchSettings.load(SEARCH, Map.of("evaluation.batch-size", "2.5")));
        assertTrue(e.getMessage().contains("'evaluation.batch-size'") && e.getMessage().contains("whole number"),
                e.getMessage());
        e = assertThrows(ConfigException.class, () -> SearchSettings.load(SEARCH, Map.of("spark.mastr", "\"local\"")));
        assertTrue(e.getMessage().contains("unknown key 'spark.mastr'"), e.getMessage());
    }

    @Test
    void theOldNameOfTheGenerationSizeIsRefusedWithTheNewOne() {
        ConfigException e = assertThrows(ConfigException.class, () -> SearchSettings.load(SEARCH, Map.of("search.population", "8")));
        assertTrue(e.getMessage().startsWith("search.population was renamed search.generation-size"), e.getMessage());
        assertTrue(e.getMessage().contains("write search.generation-size = 8"), e.getMessage());
    }
}
