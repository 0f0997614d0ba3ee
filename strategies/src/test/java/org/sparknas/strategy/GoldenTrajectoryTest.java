package org.sparknas.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.sparknas.bench.TabularBenchmark;
import org.sparknas.space.Architecture;
import org.sparknas.space.SearchSpace;
import org.sparknas.space.SearchSpaces;

/**
 * Characterization of every built-in strategy: for fixed seeds, the exact sequence of asked
 * architectures and told trials, on the tabular benchmark of the test resources, on the OFA space
 * with a deterministic fake evaluator (some trials failing, a constraint the estimator knows) and
 * on a constrained toy space, hashed to one digest per scenario. A refactoring that changes any
 * random draw, its order, or a default changes a digest. When a change of trajectory is meant,
 * rewrite the file with {@code -Dgolden.write=true} and say why in the commit.
 */
class GoldenTrajectoryTest {

    private static final Path GOLDEN = Path.of("src/test/resources/strategy/golden-trajectories.txt");
    private static final Path MACRO = Path.of("src/test/resources/bench/macro-6layers.csv");
    private static final Path OFA = Path.of("../conf/spaces/ofa-fmnist.conf");

    @Test
    void everyStrategyProposesTheSameCandidatesAsBefore() throws IOException {
        Map<String, String> actual = digests();
        if (Boolean.getBoolean("golden.write")) {
            StringBuilder b = new StringBuilder();
            actual.forEach((k, v) -> b.append(k).append(' ').append(v).append('\n'));
            Files.writeString(GOLDEN, b.toString());
        }
        Map<String, String> expected = new TreeMap<>();
        for (String line : Files.readAllLines(GOLDEN)) {
            String[] parts = line.split(" ");
            expected.put(parts[0], parts[1]);
        }
        assertEquals(expected, new TreeMap<>(actual),
                "a strategy's trajectory changed for a fixed seed; if that is meant, rerun with -Dgolden.write=true");
    }

    static Map<String, String> digests() {
        Map<String, String> out = new LinkedHashMap<>();
        TabularBenchmark macro = TabularBenchmark.load(MACRO);
        Goal tableGoal = Goal.of(Objective.maximize("mean_acc"), Objective.minimize("flops"));
        SearchSpace ofa = SearchSpaces.load(OFA);
        Goal ofaGoal = Goal.of(Objective.maximize("accuracy"), Objective.minimize("macs"))
                .withConstraints(List.of(Constraint.atMost("macs", 150)));
        SearchSpace toy = Toy.space(6, 4);
        Goal toyGoal = Toy.GOAL.withConstraints(List.of(Constraint.atMost("cost", 10)));
        for (String name : List.of("random", "grid", "regularized-evolution", "nsga2", "ofa-evolution", "pareto-local-search",
                "reinforce", "predictor-guided", "bayesian")) {
            for (long seed : new long[] {1, 7}) {
                out.put(name + "/table/seed" + seed, run(Toy.create("name = " + name, macro.space(), tableGoal,
                        CostEstimator.none(), seed), 300, 10, a -> tableTrial(macro, a)));
                String small = switch (name) {
                    case "grid" -> "dimensions = [\"kernel.1.*\", \"depth.2\"]";
                    case "regularized-evolution" -> "population = 12, sample = 4, mutated-genes = 2";
                    case "nsga2" -> "population = 12, crossover-probability = 0.8, mutated-genes = 2.5";
                    case "ofa-evolution" -> "population = 20, parent-ratio = 0.3, mutation-ratio = 0.4";
                    case "pareto-local-search" -> "initial = 8, exploration = 0.3, fronts = 2";
                    default -> "max-tries = 500";
                };
                out.put(name + "/ofa/seed" + seed, run(Toy.create("name = " + name + ", " + small, ofa, ofaGoal, MACS, seed),
                        160, 7, GoldenTrajectoryTest::ofaTrial));
                out.put(name + "/toy/seed" + seed, run(Toy.create("name = " + name, toy, toyGoal, Toy.COST, seed), 200, 3,
                        a -> Toy.evaluate(a)));
            }
        }
        return out;
    }

    private static Trial tableTrial(TabularBenchmark table, Architecture a) {
        return table.lookup(a).map(m -> Trial.ok(a, 0, m)).orElseGet(() -> Trial.failed(a, 0, "not in table"));
    }

    /** A deterministic stand-in for a supernet evaluation: a formula of the genes; one in eleven fails. */
    private static Trial ofaTrial(Architecture a) {
        int[] g = a.genes();
        if (Math.floorMod(a.key().hashCode(), 11) == 0) {
            return Trial.failed(a, 100, "fake failure");
        }
        double accuracy = 0;
        for (int i = 0; i < g.length; i++) {
            accuracy += Math.sqrt(g[i] + 1.0) * (1 + 0.05 * (i % 7)) - 0.01 * i * g[i];
        }
        return Trial.ok(a, 100, Map.of("accuracy", accuracy, "macs", macs(a)));
    }

    private static double macs(Architecture a) {
        double sum = 0;
        for (int v : a.genes()) {
            sum += v;
        }
        return sum;
    }

    private static final CostEstimator MACS = new CostEstimator() {
        @Override
        public Set<String> metrics() {
            return Set.of("macs");
        }

        @Override
        public Map<String, Double> estimate(Architecture architecture) {
            return Map.of("macs", macs(architecture));
        }
    };

    /** Asks in batches of {@code batch} until {@code queries} were asked or none is left; hashes every ask and tell. */
    private static String run(Strategy strategy, int queries, int batch, Function<Architecture, Trial> evaluator) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        List<String> lines = new ArrayList<>();
        lines.add(strategy.name());
        int asked = 0;
        while (asked < queries) {
            List<Architecture> candidates = strategy.ask(Math.min(batch, queries - asked));
            if (candidates.isEmpty()) {
                break;
            }
            List<Trial> told = candidates.stream().map(evaluator).toList();
            strategy.tell(told);
            for (Trial t : told) {
                lines.add(t.architecture().key() + " " + t.status() + " " + new TreeMap<>(t.metrics()));
            }
            lines.add("--");
            asked += candidates.size();
        }
        lines.add("asked " + asked);
        sha.update(String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(sha.digest()).substring(0, 16) + ":" + asked;
    }
}
