package org.sparknas.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparknas.config.ConfigException;
import org.sparknas.config.StrictConfig;
import org.sparknas.space.Architecture;
import org.sparknas.strategy.CostEstimator;
import org.sparknas.strategy.Strategies;
import org.sparknas.strategy.Strategy;

/** The tabular bench with a low fidelity: costs in full-query equivalents, fronts of full-fidelity queries only. */
class LowFidelityBenchmarkTest {

    private static final TabularBenchmark MACRO = TabularBenchmark.load(TabularBenchmarkTest.MACRO);
    private static final BenchTask TASK = new BenchTask("mean_acc", "flops");

    @TempDir
    Path dir;

    private static Strategy create(String hocon, long seed) {
        return Strategies.create(new StrictConfig(ConfigFactory.parseString(hocon), "strategy"), MACRO.space(), TASK.goal(),
                CostEstimator.none(), seed);
    }

    @Test
    void lowQueriesCostTheirShareAndAddNoPointToTheFront() {
        // the low fidelity is a column of the table itself (params), read as the accuracy of rung 0
        Benchmark bench = new Benchmark(MACRO, TASK, Optional.of(new Benchmark.LowFidelity("params", 0.25)));
        Trace trace = bench.run(create("name = successive-halving, rungs = [1], eta = 3, candidates = 9", 3), 30, 9);
        double[] costs = trace.queryCost();
        double spent = 0;
        int low = 0;
        for (int i = 0; i < trace.queries(); i++) {
            spent += costs[i];
            boolean isLow = costs[i] == 0.25;
            low += isLow ? 1 : 0;
            assertTrue(isLow || costs[i] == 1.0);
            // a low query's accuracy is no point of the front; a full one's is the table's accuracy
            assertEquals(isLow, Double.isNaN(trace.accuracy()[i]), "query " + i);
            if (!isLow) {
                assertEquals(MACRO.lookup(trace.queried().get(i)).orElseThrow().get("mean_acc"), trace.accuracy()[i]);
            }
        }
        assertTrue(spent >= 30 && spent < 30 + 9, "stops once the budget is spent: " + spent);
        // brackets of 9 low queries promote 3 each
        int full = trace.queries() - low;
        assertTrue(full > 0 && 3 * full <= low, full + " full, " + low + " low");
        assertEquals(trace.within(30), (int) java.util.stream.IntStream.range(0, trace.queries())
                .filter(i -> java.util.Arrays.stream(costs, 0, i + 1).sum() <= 30 + 1e-9).count());
        assertEquals(trace.queries() - low, trace.points(1000).size());
        // every full query was promoted from the low rung, and none repeats at its rung
        Set<Architecture> seenLow = new HashSet<>();
        for (int i = 0; i < trace.queries(); i++) {
            if (costs[i] == 0.25) {
                seenLow.add(trace.queried().get(i));
            } else {
                assertTrue(seenLow.contains(trace.queried().get(i)));
            }
        }
        assertEquals(0, trace.repeats(1000));
    }

    @Test
    void aSingleFidelityStrategyIsScoredAsWithoutALowFidelity() {
        Benchmark plain = new Benchmark(MACRO, TASK);
        Benchmark withLow = new Benchmark(MACRO, TASK, Optional.of(new Benchmark.LowFidelity("params", 0.25)));
        StrategyScore a = plain.score("pls", seed -> create("name = pareto-local-search", seed), List.of(1L, 2L), List.of(50),
                4);
        StrategyScore b = withLow.score("pls", seed -> create("name = pareto-local-search", seed), List.of(1L, 2L), List.of(50),
                4);
        assertEquals(a.budgets(), b.budgets());
        assertEquals(ScoreTable.format(List.of(a)), ScoreTable.format(List.of(b)));
    }

    @Test
    void refusesWhatItCannotRun() throws IOException {
        Benchmark plain = new Benchmark(MACRO, TASK);
        String message = assertThrows(ConfigException.class, () -> plain.check(create("name = hyperband", 1))).getMessage();
        assertTrue(message.contains("--low-fidelity"), message);
        Benchmark withLow = new Benchmark(MACRO, TASK, Optional.of(new Benchmark.LowFidelity("params", 0.25)));
        message = assertThrows(ConfigException.class,
                () -> withLow.check(create("name = hyperband, rungs = [1, 2]", 1))).getMessage();
        assertTrue(message.contains("one low fidelity"), message);
        assertThrows(ConfigException.class, () -> new Benchmark(MACRO, TASK, Optional.of(new Benchmark.LowFidelity("nope", 0.1))));
        assertThrows(ConfigException.class, () -> new Benchmark.LowFidelity("params", 1.0));
    }
}
