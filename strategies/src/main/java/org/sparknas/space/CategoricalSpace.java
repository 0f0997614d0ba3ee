package org.sparknas.space;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * N independent categorical dimensions, as in the tabular NAS benchmarks (NAS-Bench-201: 6 edges
 * x 5 operations). The key is the comma-separated list of values, which is also the encoding
 * those benchmarks use.
 */
public final class CategoricalSpace implements SearchSpace {

    private final String name;
    private final List<Dimension> dimensions;
    private final String fingerprint;

    public CategoricalSpace(String name, List<Dimension> dimensions) {
        if (dimensions.isEmpty()) {
            throw new IllegalArgumentException("categorical space '" + name + "' has no dimensions");
        }
        this.name = name;
        this.dimensions = List.copyOf(dimensions);
        StringBuilder text = new StringBuilder("categorical");
        for (Dimension d : this.dimensions) {
            text.append('|').append(d.name()).append('=').append(d.choices());
        }
        this.fingerprint = Fingerprints.sha256(text.toString());
    }

    /** {@code count} dimensions named {@code prefix1..prefixN}, each with the same choices. */
    public static CategoricalSpace uniform(String name, String prefix, int count, List<Integer> choices) {
        List<Dimension> dims = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            dims.add(new Dimension(prefix + i, choices));
        }
        return new CategoricalSpace(name, dims);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<Dimension> dimensions() {
        return dimensions;
    }

    @Override
    public Architecture architecture(int[] genes) {
        if (genes.length != dimensions.size()) {
            throw new InvalidArchitectureException("space '" + name + "' has " + dimensions.size()
                    + " dimensions, the encoding has " + genes.length + " values");
        }
        for (int i = 0; i < genes.length; i++) {
            Dimension d = dimensions.get(i);
            if (!d.allows(genes[i])) {
                throw new InvalidArchitectureException("value " + genes[i] + " of dimension '" + d.name()
                        + "' is not in space '" + name + "' (choices " + d.choices() + ")");
            }
        }
        return new Architecture(Architecture.joinGenes(genes), genes);
    }

    @Override
    public Architecture parse(String key) {
        String[] parts = key.trim().split("\\s*,\\s*");
        int[] genes = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                genes[i] = Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                throw new InvalidArchitectureException("'" + key + "' is not a key of space '" + name
                        + "': expected comma-separated integers, found '" + parts[i] + "'");
            }
        }
        return architecture(genes);
    }

    @Override
    public String fingerprint() {
        return fingerprint;
    }

    @Override
    public BigInteger size() {
        return gridSize(java.util.stream.IntStream.range(0, dimensions.size()).boxed().toList());
    }
}
