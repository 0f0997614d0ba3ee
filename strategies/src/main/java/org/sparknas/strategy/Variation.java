package org.sparknas.strategy;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.sparknas.space.Architecture;
import org.sparknas.space.Dimension;
import org.sparknas.space.SearchSpace;

/** Variation operators the space does not define itself: mutations that change an exact number of genes. */
final class Variation {

    private Variation() {
    }

    /**
     * Changes exactly {@code genes} distinct genes (or every mutable one, if fewer) of
     * {@code parent} to another of their values. A change of a gene the network does not use
     * (a block beyond its stage's depth) canonicalises away; callers reject the unchanged child as
     * already known and draw again.
     */
    static Architecture mutateGenes(SearchSpace space, Architecture parent, int genes, RandomGenerator rng) {
        List<Dimension> dims = space.dimensions();
        List<Integer> mutable = new ArrayList<>();
        for (int i = 0; i < dims.size(); i++) {
            if (dims.get(i).size() > 1) {
                mutable.add(i);
            }
        }
        int[] child = parent.genes();
        int count = Math.min(genes, mutable.size());
        for (int k = 0; k < count; k++) {
            // A partial Fisher-Yates shuffle picks distinct genes.
            int j = k + rng.nextInt(mutable.size() - k);
            int gene = mutable.get(j);
            mutable.set(j, mutable.get(k));
            mutable.set(k, gene);
            Dimension d = dims.get(gene);
            int current = d.choices().indexOf(child[gene]);
            int other = rng.nextInt(d.size() - 1);
            child[gene] = d.choices().get(other >= current ? other + 1 : other);
        }
        return space.architecture(child);
    }

    /**
     * Every architecture one gene away from {@code arch}, canonicalised, without {@code arch} itself
     * and without repeats, in gene order (changes of genes the network does not use vanish).
     */
    static List<Architecture> neighbours(SearchSpace space, Architecture arch) {
        List<Dimension> dims = space.dimensions();
        java.util.LinkedHashSet<Architecture> out = new java.util.LinkedHashSet<>();
        int[] genes = arch.genes();
        for (int i = 0; i < dims.size(); i++) {
            int original = genes[i];
            for (int value : dims.get(i).choices()) {
                if (value != original) {
                    genes[i] = value;
                    out.add(space.architecture(genes));
                }
            }
            genes[i] = original;
        }
        out.remove(arch);
        return new ArrayList<>(out);
    }
}
