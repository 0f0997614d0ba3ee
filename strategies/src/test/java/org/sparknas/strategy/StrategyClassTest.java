package org.sparknas.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sparknas.config.ConfigException;
import org.sparknas.config.SettingGroup;
import org.sparknas.space.Architecture;

/** The registry's views, and a strategy class of one's own named in {@code strategy.class}. */
class StrategyClassTest {

    /** A strategy of one's own: random candidates through the shared base, a setting of its own. */
    public static final class Mine extends ProposingStrategy implements Strategy.Generational {

        private final SplittableRandom rng;

        public Mine(StrategyContext context) {
            super("mine", context.space(), context.goal(), context.estimator(), 100);
            context.config().requireOnly(java.util.Set.of("class", "population"));
            this.rng = new SplittableRandom(context.seed());
        }

        @Override
        protected Optional<Architecture> next() {
            return proposals.random(rng);
        }
    }

    /** Implements Strategy but has no constructor taking a StrategyContext. */
    public static final class NoContext extends ProposingStrategy {

        public NoContext() {
            super("none", Toy.space(2, 2), Toy.GOAL, CostEstimator.none(), 1);
        }

        @Override
        protected Optional<Architecture> next() {
            return Optional.empty();
        }
    }

    private static final String MINE = StrategyClassTest.class.getName() + "$Mine";

    @Test
    void aClassOfOnesOwnRunsThroughTheSharedBase() {
        Strategy s = Toy.create("class = \"" + MINE + "\"", Toy.space(4, 3), Toy.GOAL, CostEstimator.none(), 5);
        assertEquals("mine", s.name());
        List<Architecture> asked = Toy.asked(Toy.run(s, 81, 7, Toy::evaluate));
        assertEquals(81, asked.size());
        assertEquals(81, new HashSet<>(asked).size(), "no architecture twice");
        assertTrue(s.ask(3).isEmpty(), "the space is exhausted");
        assertTrue(Strategies.generational(Toy.config("class = \"" + MINE + "\"")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "class = com.example.Missing | 'strategy.class' (String: 1): 'com.example.Missing' is not on the classpath",
        "class = java.lang.String | 'java.lang.String' does not implement org.sparknas.strategy.Strategy",
        "class = \"org.sparknas.strategy.StrategyClassTest$NoContext\" | needs a public constructor taking a org.sparknas.strategy.StrategyContext",
        "name = nsga2, class = java.lang.String | give either name (a built-in strategy) or class (your own), not both",
        "class = \"org.sparknas.strategy.StrategyClassTest$Mine\", sample = 3 | unknown key 'strategy.sample'",
    })
    void aWrongClassIsOneClearMessage(String hocon, String expected) {
        String message = assertThrows(ConfigException.class,
                () -> Toy.create(hocon, Toy.space(4, 3), Toy.GOAL, CostEstimator.none(), 1)).getMessage();
        assertTrue(message.contains(expected.trim()), message);
        assertFalse(message.contains("\n"), message);
    }

    @Test
    void generationalStrategiesAreDeclaredInTheRegistry() {
        for (String name : Strategies.names()) {
            boolean expected = name.equals(Nsga2.NAME) || name.equals(OfaEvolution.NAME);
            assertEquals(expected, Strategies.generational(Toy.config("name = " + name)), name);
        }
        assertEquals(Strategies.names().stream().filter(n -> !n.equals(GridSearch.NAME) && !Strategies.multiFidelity(n)).toList(),
                Strategies.searchNames());
        assertEquals(List.of(SuccessiveHalving.NAME, Hyperband.NAME, Asha.NAME, MedianStopping.NAME), Strategies.multiFidelityNames());
    }

    @Test
    void eachSettingGroupIsWhatItsStrategyAccepts() {
        List<SettingGroup> groups = Strategies.settingGroups();
        assertEquals(Strategies.names().size(), groups.size());
        for (int i = 0; i < groups.size(); i++) {
            String name = Strategies.names().get(i);
            SettingGroup group = groups.get(i);
            assertEquals("strategy", group.path());
            assertEquals(name, group.settings().get(0).rule(), "the group's name setting names its strategy");
            StringBuilder hocon = new StringBuilder("name = " + name);
            group.settings().stream().skip(1).forEach(s -> hocon.append(", ").append(s.key()).append(" = ").append(s.defaultText()));
            Strategy built = Toy.create(hocon.toString().replace("\"*\"", "\"x*\""), Toy.space(4, 3), Toy.GOAL,
                    CostEstimator.none(), 1);
            assertEquals(name, built.name(), "every declared key with its default is accepted");
        }
    }
}
