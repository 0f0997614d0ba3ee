package org.sparknas.bench;

import com.typesafe.config.ConfigFactory;
import org.sparknas.config.StrictConfig;
import org.sparknas.strategy.CostEstimator;
import org.sparknas.strategy.Strategies;
import org.sparknas.strategy.Strategy;

final class TestStrategies {

    private TestStrategies() {
    }

    static Strategy create(String name, TabularBenchmark table, BenchTask task, long seed) {
        StrictConfig config = new StrictConfig(ConfigFactory.parseString("name = " + name), "strategy");
        return Strategies.create(config, table.space(), task.goal(), CostEstimator.none(), seed);
    }
}
