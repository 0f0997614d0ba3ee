package org.sparknas.strategy;

import com.typesafe.config.ConfigFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.sparknas.config.StrictConfig;
import org.sparknas.space.Architecture;
import org.sparknas.space.CategoricalSpace;
import org.sparknas.space.SearchSpace;

/**
 * A toy problem for strategy tests: a categorical space, an "evaluator" that is a formula, and a
 * loop that runs a strategy against it and records every ask and tell.
 */
final class Toy {

    static final Goal GOAL = Goal.of(Objective.maximize("accuracy"), Objective.minimize("cost"));

    private Toy() {
    }

    static CategoricalSpace space(int dims, int choices) {
        List<Integer> values = new ArrayList<>();
        for (int v = 0; v < choices; v++) {
            values.add(v);
        }
        return CategoricalSpace.uniform("toy", "x", dims, values);
    }

    /** cost: the sum of the genes; accuracy: grows with the genes, with diminishing returns and an interaction. */
    static Map<String, Double> metrics(Architecture a) {
        int[] g = a.genes();
        double cost = 0;
        double accuracy = 0;
        for (int i = 0; i < g.length; i++) {
            cost += g[i];
            accuracy += Math.sqrt(g[i] + 1) * (1 + 0.1 * i);
        }
        accuracy += g[0] * (g.length > 1 ? g[1] : 0) * 0.3;
        return Map.of("accuracy", accuracy, "cost", cost);
    }

    static Trial evaluate(Architecture a) {
        return Trial.ok(a, 100, metrics(a));
    }

    /** Knows the cost before evaluation. */
    static final CostEstimator COST = new CostEstimator() {
        @Override
        public Set<String> metrics() {
            return Set.of("cost");
        }

        @Override
        public Map<String, Double> estimate(Architecture architecture) {
            return Map.of("cost", Toy.metrics(architecture).get("cost"));
        }
    };

    static StrictConfig config(String hocon) {
        return new StrictConfig(ConfigFactory.parseString("strategy { " + hocon + " }"), "").object("strategy");
    }

    static Strategy create(String hocon, SearchSpace space, Goal goal, CostEstimator estimator, long seed) {
        return Strategies.create(config(hocon), space, goal, estimator, seed);
    }

    static Strategy create(String name, SearchSpace space, long seed) {
        return create("name = " + name, space, GOAL, CostEstimator.none(), seed);
    }

    /** One ask and the trials told back for it. */
    record Step(List<Architecture> asked, List<Trial> told) {
    }

    /** Runs until {@code queries} candidates were asked or the strategy has none left. */
    static List<Step> run(Strategy strategy, int queries, int batch, Function<Architecture, Trial> evaluator) {
        List<Step> steps = new ArrayList<>();
        int asked = 0;
        while (asked < queries) {
            List<Architecture> candidates = strategy.ask(Math.min(batch, queries - asked));
            if (candidates.isEmpty()) {
                break;
            }
            List<Trial> trials = candidates.stream().map(evaluator).toList();
            strategy.tell(trials);
            steps.add(new Step(candidates, trials));
            asked += candidates.size();
        }
        return steps;
    }

    static List<Architecture> asked(List<Step> steps) {
        return steps.stream().flatMap(s -> s.asked().stream()).toList();
    }
}
