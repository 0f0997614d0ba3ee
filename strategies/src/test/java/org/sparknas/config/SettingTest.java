package org.sparknas.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

class SettingTest {

    private static final Setting<Integer> POPULATION = Setting.integer("population", 16, "candidates per generation").positive();
    private static final Setting<Double> CROSSOVER = Setting.number("crossover-probability", 0.9, "chance of a crossover")
            .probability();
    private static final Setting<String> SOURCE = Setting.string("source", "fashion-mnist", "where images come from")
            .oneOf("fashion-mnist", "synthetic");
    private static final Setting<String> WEIGHTS = Setting.string("weights", null, "the supernet's weights");

    private static StrictConfig parse(String hocon) {
        return new StrictConfig(ConfigFactory.parseString(hocon), "strategy");
    }

    @Test
    void readsValuesAndDefaults() {
        StrictConfig c = parse("population = 32, crossover-probability = 0.5");
        assertEquals(32, POPULATION.read(c));
        assertEquals(0.5, CROSSOVER.read(c));
        assertEquals("fashion-mnist", SOURCE.read(c));
        assertEquals(16, POPULATION.read(parse("")));
    }

    @Test
    void aBrokenRuleNamesTheKeyTheValueAndTheRule() {
        ConfigException e = assertThrows(ConfigException.class, () -> POPULATION.read(parse("population = 0")));
        assertTrue(e.getMessage().contains("'strategy.population'"), e.getMessage());
        assertTrue(e.getMessage().contains("must be positive, got 0"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> CROSSOVER.read(parse("crossover-probability = 1.5")));
        assertTrue(e.getMessage().contains("must be in [0, 1], got 1.5"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> SOURCE.read(parse("source = mnist")));
        assertTrue(e.getMessage().contains("must be one of fashion-mnist, synthetic, got mnist"), e.getMessage());
    }

    @Test
    void fractionsAndWrongTypesAreRefusedNotTruncated() {
        ConfigException e = assertThrows(ConfigException.class, () -> POPULATION.read(parse("population = 2.5")));
        assertTrue(e.getMessage().contains("must be a whole number, got 2.5"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> POPULATION.read(parse("population = many")));
        assertTrue(e.getMessage().contains("must be an integer"), e.getMessage());
    }

    @Test
    void aMissingRequiredSettingSaysWhatItIsFor() {
        ConfigException e = assertThrows(ConfigException.class, () -> WEIGHTS.read(parse("")));
        assertTrue(e.getMessage().contains("'strategy.weights'") && e.getMessage().contains("the supernet's weights"),
                e.getMessage());
    }

    @Test
    void aDefaultThatBreaksItsOwnRuleIsADeclarationError() {
        assertThrows(IllegalArgumentException.class, () -> Setting.integer("n", 0, "a count").positive());
    }

    @Test
    void aGroupRefusesUnknownKeysAndRendersItsReference() {
        SettingGroup group = new SettingGroup("strategy", "nsga2", List.of(POPULATION, CROSSOVER),
                List.of(SettingGroup.nested("reward", "a scalar reward: its own table")));
        ConfigException e = assertThrows(ConfigException.class, () -> group.checkKeys(parse("populaton = 3")));
        assertTrue(e.getMessage().contains("unknown key 'strategy.populaton'"), e.getMessage());
        assertTrue(e.getMessage().contains("crossover-probability, population, reward"), e.getMessage());
        assertEquals("""
                | key | type | default | must be | meaning |
                | --- | --- | --- | --- | --- |
                | `strategy.population` | integer | `16` | positive | candidates per generation |
                | `strategy.crossover-probability` | number | `0.9` | in [0, 1] | chance of a crossover |
                | `strategy.reward` | object | | | a scalar reward: its own table |
                """, group.markdown());
        assertThrows(IllegalArgumentException.class, () -> new SettingGroup("x", "y", List.of(POPULATION, POPULATION)));
    }

    @Test
    void aDefaultTakenFromElsewhereIsOptionalAndNamedInTheReference() {
        Setting<Integer> subnets = Setting.integer("subnets", null, "sub-networks per step").atLeast(0)
                .defaultFrom("sampling.subnets");
        assertEquals(false, subnets.required());
        assertEquals("sampling.subnets", subnets.defaultText());
        assertEquals(java.util.Optional.empty(), subnets.readIfSet(parse("")));
        assertEquals(java.util.Optional.of(3), subnets.readIfSet(parse("subnets = 3")));
        ConfigException e = assertThrows(ConfigException.class, () -> subnets.readIfSet(parse("subnets = -1")));
        assertTrue(e.getMessage().contains("must be at least 0, got -1"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> subnets.read(parse("")));
    }
}
