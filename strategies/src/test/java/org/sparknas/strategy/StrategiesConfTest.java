package org.sparknas.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Path;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.sparknas.config.StrictConfig;
import org.sparknas.space.SearchSpace;
import org.sparknas.space.SearchSpaces;

/** conf/strategies.conf documents the defaults; this keeps it equal to the code's. */
class StrategiesConfTest {

    private static final Config FILE = ConfigFactory.parseFile(Path.of("../conf/strategies.conf").toFile()).resolve();

    private static StrictConfig block(String name) {
        return new StrictConfig(FILE.getConfig("strategies." + name).withValue("name", ConfigValueFactory.fromAnyRef(name)),
                "strategies." + name);
    }

    @Test
    void listsEveryStrategy() {
        assertEquals(new TreeSet<>(Strategies.NAMES), new TreeSet<>(FILE.getConfig("strategies").root().keySet()));
    }

    @Test
    void itsValuesAreTheDefaults() {
        SearchSpace space = SearchSpaces.load(Path.of("../conf/spaces/ofa-fmnist.conf"));
        assertEquals(RandomSearch.Settings.DEFAULTS, StrategySettings.random(block("random")));
        // A full grid of the Once-for-All space is over any cap; the grid's defaults are read on a small space.
        assertEquals(GridSearch.Settings.DEFAULTS, StrategySettings.grid(block("grid"), Toy.space(4, 3)));
        assertEquals(RegularizedEvolution.Settings.DEFAULTS, StrategySettings.regularizedEvolution(block("regularized-evolution"), space));
        assertEquals(Nsga2.Settings.DEFAULTS, StrategySettings.nsga2(block("nsga2"), space));
        assertEquals(OfaEvolution.Settings.DEFAULTS, StrategySettings.ofaEvolution(block("ofa-evolution")));
        assertEquals(ParetoLocalSearch.Settings.DEFAULTS, StrategySettings.paretoLocalSearch(block("pareto-local-search")));
    }
}
