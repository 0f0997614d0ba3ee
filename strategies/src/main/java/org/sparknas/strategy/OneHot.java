package org.sparknas.strategy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.sparknas.space.Architecture;
import org.sparknas.space.Dimension;
import org.sparknas.space.SearchSpace;

/**
 * The one-hot encoding of an architecture that the model-based strategies learn from (Once-for-All's
 * accuracy predictor uses the same): one block per dimension, one position per choice, a 1 at the
 * position of the architecture's value. Encodes canonical architectures, so slots a space ignores
 * (blocks beyond a stage's depth) always read the same.
 */
final class OneHot {

    private final List<Dimension> dimensions;
    private final List<Map<Integer, Integer>> positions;
    private final int[] offsets;
    private final int width;

    OneHot(SearchSpace space) {
        this.dimensions = space.dimensions();
        this.offsets = new int[dimensions.size()];
        this.positions = new java.util.ArrayList<>(dimensions.size());
        int offset = 0;
        for (int d = 0; d < dimensions.size(); d++) {
            Dimension dim = dimensions.get(d);
            Map<Integer, Integer> index = new HashMap<>();
            for (int c = 0; c < dim.size(); c++) {
                index.put(dim.choices().get(c), c);
            }
            positions.add(index);
            offsets[d] = offset;
            offset += dim.size();
        }
        this.width = offset;
    }

    /** The length of an encoding: the total number of choices over all dimensions. */
    int width() {
        return width;
    }

    /** The number of dimensions. */
    int dimensions() {
        return dimensions.size();
    }

    /** The number of choices of dimension {@code d}. */
    int choices(int d) {
        return dimensions.get(d).size();
    }

    /** Per dimension, the index of the architecture's value among the dimension's choices. */
    int[] choiceIndices(Architecture arch) {
        if (arch.length() != dimensions.size()) {
            throw new IllegalArgumentException("architecture " + arch.key() + " has " + arch.length()
                    + " genes, the space has " + dimensions.size() + " dimensions");
        }
        int[] out = new int[dimensions.size()];
        for (int d = 0; d < out.length; d++) {
            Integer c = positions.get(d).get(arch.gene(d));
            if (c == null) {
                throw new IllegalArgumentException("architecture " + arch.key() + ": value " + arch.gene(d)
                        + " is not a choice of dimension " + dimensions.get(d).name());
            }
            out[d] = c;
        }
        return out;
    }

    /** The encoding, {@link #width()} values of 0 or 1. */
    double[] encode(Architecture arch) {
        double[] x = new double[width];
        int[] c = choiceIndices(arch);
        for (int d = 0; d < c.length; d++) {
            x[offsets[d] + c[d]] = 1;
        }
        return x;
    }

    /** The architecture whose choice indices are {@code indices} (canonicalised by the space). */
    int[] genes(int[] indices) {
        int[] genes = new int[indices.length];
        for (int d = 0; d < genes.length; d++) {
            genes[d] = dimensions.get(d).choices().get(indices[d]);
        }
        return genes;
    }
}
