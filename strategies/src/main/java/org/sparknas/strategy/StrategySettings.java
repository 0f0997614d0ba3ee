package org.sparknas.strategy;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.sparknas.config.ConfigException;
import org.sparknas.config.StrictConfig;
import org.sparknas.space.SearchSpace;

/**
 * Reads each strategy's settings from its {@code strategy { name = ..., ... }} object: unknown keys,
 * values out of range and inconsistent combinations are refused with the key, the value and the
 * range, before any work starts. Keys left out take the defaults of each {@code Settings} record,
 * which conf/strategies.conf lists.
 */
final class StrategySettings {

    static final String NAME = "name";
    static final String MAX_TRIES = "max-tries";
    static final String POPULATION = "population";

    private StrategySettings() {
    }

    static RandomSearch.Settings random(StrictConfig c) {
        c.requireOnly(Set.of(NAME, MAX_TRIES));
        return new RandomSearch.Settings(positive(c, MAX_TRIES, RandomSearch.Settings.DEFAULTS.maxTries()));
    }

    static GridSearch.Settings grid(StrictConfig c, SearchSpace space) {
        c.requireOnly(Set.of(NAME, "dimensions", "base", "cap"));
        GridSearch.Settings d = GridSearch.Settings.DEFAULTS;
        List<String> dimensions = c.strings("dimensions", d.dimensions());
        if (dimensions.isEmpty()) {
            throw c.error("dimensions", "is empty; name at least one dimension or glob (\"*\" for all)");
        }
        List<Integer> indices;
        try {
            indices = space.matchDimensions(dimensions);
        } catch (IllegalArgumentException e) {
            throw c.error("dimensions", e.getMessage());
        }
        Optional<String> base = c.has("base") ? Optional.of(c.string("base")) : d.base();
        if (base.isPresent()) {
            try {
                space.parse(base.get());
            } catch (IllegalArgumentException e) {
                throw c.error("base", e.getMessage());
            }
        }
        long cap = c.longValue("cap", d.cap());
        if (cap <= 0) {
            throw c.error("cap", "must be positive, got " + cap);
        }
        Optional<String> tooLarge = GridSearch.tooLarge(space, indices, cap);
        if (tooLarge.isPresent()) {
            throw c.error("cap", tooLarge.get());
        }
        return new GridSearch.Settings(dimensions, base, cap);
    }

    static RegularizedEvolution.Settings regularizedEvolution(StrictConfig c, SearchSpace space) {
        c.requireOnly(Set.of(NAME, POPULATION, "sample", "mutated-genes", MAX_TRIES));
        RegularizedEvolution.Settings d = RegularizedEvolution.Settings.DEFAULTS;
        int population = positive(c, POPULATION, d.population());
        int sample = positive(c, "sample", Math.min(d.sample(), population));
        if (sample > population) {
            throw c.error("sample", "is " + sample + ", larger than the population (" + population
                    + "); a tournament draws its sample from the population");
        }
        int genes = positive(c, "mutated-genes", d.mutatedGenes());
        atMostDimensions(c, "mutated-genes", genes, space);
        return new RegularizedEvolution.Settings(population, sample, genes, positive(c, MAX_TRIES, d.maxTries()));
    }

    static Nsga2.Settings nsga2(StrictConfig c, SearchSpace space) {
        c.requireOnly(Set.of(NAME, POPULATION, "crossover-probability", "mutated-genes", MAX_TRIES));
        Nsga2.Settings d = Nsga2.Settings.DEFAULTS;
        double genes = c.number("mutated-genes", d.mutatedGenes());
        if (!(genes > 0)) {
            throw c.error("mutated-genes", "must be positive, got " + genes);
        }
        atMostDimensions(c, "mutated-genes", genes, space);
        return new Nsga2.Settings(positive(c, POPULATION, d.population()),
                probability(c, "crossover-probability", d.crossoverProbability()), genes,
                positive(c, MAX_TRIES, d.maxTries()));
    }

    static OfaEvolution.Settings ofaEvolution(StrictConfig c) {
        c.requireOnly(Set.of(NAME, POPULATION, "parent-ratio", "mutation-ratio", "mutation-probability",
                "resolution-mutation-probability", MAX_TRIES));
        OfaEvolution.Settings d = OfaEvolution.Settings.DEFAULTS;
        int population = positive(c, POPULATION, d.population());
        double parentRatio = probability(c, "parent-ratio", d.parentRatio());
        if (Math.round(parentRatio * population) < 1) {
            throw c.error("parent-ratio", "is " + parentRatio + ", which keeps no parent of a population of " + population
                    + "; raise it to at least " + 1.0 / population);
        }
        return new OfaEvolution.Settings(population, parentRatio, probability(c, "mutation-ratio", d.mutationRatio()),
                probability(c, "mutation-probability", d.mutationProbability()),
                probability(c, "resolution-mutation-probability", d.resolutionMutationProbability()),
                positive(c, MAX_TRIES, d.maxTries()));
    }

    static ParetoLocalSearch.Settings paretoLocalSearch(StrictConfig c) {
        c.requireOnly(Set.of(NAME, "initial", "exploration", "crossover-probability", "fronts", MAX_TRIES));
        ParetoLocalSearch.Settings d = ParetoLocalSearch.Settings.DEFAULTS;
        return new ParetoLocalSearch.Settings(positive(c, "initial", d.initial()),
                probability(c, "exploration", d.exploration()),
                probability(c, "crossover-probability", d.crossoverProbability()), positive(c, "fronts", d.fronts()),
                positive(c, MAX_TRIES, d.maxTries()));
    }

    private static int positive(StrictConfig c, String key, int fallback) {
        // Typesafe Config truncates 2.5 to 2 when asked for an int; a fraction here is a mistake.
        if (c.has(key) && c.type(key) == com.typesafe.config.ConfigValueType.NUMBER) {
            double raw = c.number(key);
            if (raw != Math.rint(raw)) {
                throw c.error(key, "must be a whole number, got " + raw);
            }
        }
        int value = c.integer(key, fallback);
        if (value <= 0) {
            throw c.error(key, "must be positive, got " + value);
        }
        return value;
    }

    private static double probability(StrictConfig c, String key, double fallback) {
        double value = c.number(key, fallback);
        if (!(value >= 0 && value <= 1)) {
            throw c.error(key, "is a probability and must be in [0, 1], got " + value);
        }
        return value;
    }

    private static void atMostDimensions(StrictConfig c, String key, double genes, SearchSpace space) {
        int dims = space.dimensions().size();
        if (genes > dims) {
            throw c.error(key, "is " + genes + ", more than the " + dims + " dimensions of space '" + space.name() + "'");
        }
    }

    /** For the message of an unknown name. */
    static ConfigException unknown(StrictConfig c, String name, List<String> names) {
        return c.error(NAME, "unknown strategy '" + name + "'; use one of " + String.join(", ", names));
    }
}
