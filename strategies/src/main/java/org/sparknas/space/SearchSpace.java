package org.sparknas.space;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The choices a search may make: a list of named categorical {@link Dimension}s, and the rule
 * that turns a vector of values into a canonical {@link Architecture}.
 *
 * <p>Sampling, mutation, crossover and grid enumeration are defined here once, on gene vectors;
 * a concrete space only says how to canonicalise, validate and name an encoding. Every method
 * that draws random numbers takes the generator as an argument, so strategies stay
 * deterministic for a seed.
 */
public interface SearchSpace {

    /** A short name, e.g. {@code ofa-fmnist}. */
    String name();

    List<Dimension> dimensions();

    /**
     * Validates {@code genes} against the dimensions and returns the canonical architecture.
     *
     * @throws InvalidArchitectureException naming the first dimension whose value is not allowed
     */
    Architecture architecture(int[] genes);

    /** The architecture whose key is {@code key} (non-canonical keys are canonicalised). */
    Architecture parse(String key);

    /**
     * A SHA-256 over the space's full definition (dimensions and network shape), so that a
     * supernet, a latency table or a stored run made for another space is recognised and refused.
     */
    String fingerprint();

    /** The number of distinct canonical architectures. */
    BigInteger size();

    /**
     * The architecture's choices by name, in space order, for analysis: a report relates each
     * choice's values to the metrics. By default one value per dimension. A space whose genes do
     * not all matter says so here: the Once-for-All space lists a stage's kernel sizes and expand
     * ratios only for the blocks its depth uses.
     */
    default Map<String, List<Integer>> choices(Architecture arch) {
        Map<String, List<Integer>> choices = new LinkedHashMap<>();
        List<Dimension> dims = dimensions();
        for (int i = 0; i < dims.size(); i++) {
            choices.put(dims.get(i).name(), List.of(arch.gene(i)));
        }
        return choices;
    }

    /** Uniform per dimension, then canonicalised. */
    default Architecture sample(RandomGenerator rng) {
        List<Dimension> dims = dimensions();
        int[] genes = new int[dims.size()];
        for (int i = 0; i < genes.length; i++) {
            Dimension d = dims.get(i);
            genes[i] = d.choices().get(rng.nextInt(d.size()));
        }
        return architecture(genes);
    }

    /**
     * Each gene is replaced, with its dimension's probability, by another of its dimension's values
     * (never by the value it had, so that a mutated gene really changes).
     */
    default Architecture mutate(Architecture parent, RandomGenerator rng, MutationRates rates) {
        List<Dimension> dims = dimensions();
        int[] genes = parent.genes();
        for (int i = 0; i < genes.length; i++) {
            Dimension d = dims.get(i);
            if (d.size() > 1 && rng.nextDouble() < rates.probability(d.name())) {
                int current = d.choices().indexOf(genes[i]);
                int other = rng.nextInt(d.size() - 1);
                genes[i] = d.choices().get(other >= current ? other + 1 : other);
            }
        }
        return architecture(genes);
    }

    /** Uniform crossover: each gene from either parent with probability 1/2. */
    default Architecture crossover(Architecture a, Architecture b, RandomGenerator rng) {
        int[] ga = a.genes();
        int[] gb = b.genes();
        int[] child = new int[ga.length];
        for (int i = 0; i < child.length; i++) {
            child[i] = rng.nextBoolean() ? ga[i] : gb[i];
        }
        return architecture(child);
    }

    /**
     * The dimensions named by {@code patterns}, in space order. A pattern is a dimension name or a
     * glob with {@code *} (e.g. {@code kernel.1.*}).
     */
    default List<Integer> matchDimensions(List<String> patterns) {
        Set<Integer> matched = new LinkedHashSet<>();
        List<Dimension> dims = dimensions();
        for (String pattern : patterns) {
            Pattern regex = Pattern.compile(Pattern.quote(pattern).replace("*", "\\E.*\\Q"));
            boolean any = false;
            for (int i = 0; i < dims.size(); i++) {
                if (regex.matcher(dims.get(i).name()).matches()) {
                    matched.add(i);
                    any = true;
                }
            }
            if (!any) {
                List<String> names = dims.stream().map(Dimension::name).toList();
                String known = names.size() > 12 ? String.join(", ", names.subList(0, 12)) + ", ..." : String.join(", ", names);
                throw new IllegalArgumentException("space '" + name() + "' has no dimension matching '" + pattern
                        + "'; its dimensions are: " + known);
            }
        }
        return matched.stream().sorted().toList();
    }

    /** The number of gene combinations a grid over {@code dimensionIndices} visits (before de-duplication). */
    default BigInteger gridSize(List<Integer> dimensionIndices) {
        BigInteger size = BigInteger.ONE;
        for (int i : dimensionIndices) {
            size = size.multiply(BigInteger.valueOf(dimensions().get(i).size()));
        }
        return size;
    }

    /**
     * Every combination of the values of {@code dimensionIndices}, the other genes taken from
     * {@code base}, canonicalised and without repeats, in lexicographic order of the choices.
     */
    default Stream<Architecture> grid(List<Integer> dimensionIndices, Architecture base) {
        List<Dimension> dims = dimensions();
        int[] indices = dimensionIndices.stream().mapToInt(Integer::intValue).toArray();
        Iterator<Architecture> raw = new Iterator<>() {
            private final int[] odometer = new int[indices.length];
            private boolean done = false;

            @Override
            public boolean hasNext() {
                return !done;
            }

            @Override
            public Architecture next() {
                if (done) {
                    throw new NoSuchElementException();
                }
                int[] genes = base.genes();
                for (int j = 0; j < indices.length; j++) {
                    genes[indices[j]] = dims.get(indices[j]).choices().get(odometer[j]);
                }
                int j = indices.length - 1;
                while (j >= 0 && ++odometer[j] == dims.get(indices[j]).size()) {
                    odometer[j] = 0;
                    j--;
                }
                done = j < 0;
                return architecture(genes);
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(raw, Spliterator.ORDERED), false).distinct();
    }

    /** The smallest value of every dimension: the base of a grid when none is given. */
    default Architecture smallest() {
        List<Dimension> dims = dimensions();
        int[] genes = new int[dims.size()];
        for (int i = 0; i < genes.length; i++) {
            genes[i] = dims.get(i).choices().stream().mapToInt(Integer::intValue).min().orElseThrow();
        }
        return architecture(genes);
    }

    /**
     * Architectures worth measuring before any search decision: in a space whose choices are
     * ordered by size, its largest, median and smallest, the two ends and the middle of its
     * accuracy-cost front. Empty here, where the choices of a dimension need not be ordered (a
     * tabular benchmark's operation codes are names, not sizes).
     */
    default List<Architecture> anchors() {
        return List.of();
    }

    /** The middle value of every dimension in sorted order (the upper one of an even count). */
    default Architecture median() {
        List<Dimension> dims = dimensions();
        int[] genes = new int[dims.size()];
        for (int i = 0; i < genes.length; i++) {
            List<Integer> sorted = new ArrayList<>(dims.get(i).choices());
            sorted.sort(null);
            genes[i] = sorted.get(sorted.size() / 2);
        }
        return architecture(genes);
    }

    /** The largest value of every dimension. */
    default Architecture largest() {
        List<Dimension> dims = dimensions();
        int[] genes = new int[dims.size()];
        for (int i = 0; i < genes.length; i++) {
            genes[i] = dims.get(i).choices().stream().mapToInt(Integer::intValue).max().orElseThrow();
        }
        return architecture(genes);
    }

    /** Names of all dimensions, in order. */
    default List<String> dimensionNames() {
        List<String> names = new ArrayList<>();
        for (Dimension d : dimensions()) {
            names.add(d.name());
        }
        return names;
    }
}
