package org.sparknas.space;

import java.util.Arrays;

/**
 * An immutable point of a {@link SearchSpace}: one value per dimension, already canonical.
 *
 * <p>Only a space creates architectures ({@link SearchSpace#architecture(int[])} or
 * {@link SearchSpace#parse(String)}), so every instance is valid and canonical for the space
 * that made it, and two encodings of the same network share one {@link #key()}. Equality is
 * equality of keys, which is what de-duplication, caching and the Parquet store rely on.
 */
public final class Architecture implements Comparable<Architecture>, java.io.Serializable {

    private static final long serialVersionUID = 1L;

    private final String key;
    private final int[] genes;

    Architecture(String key, int[] genes) {
        this.key = key;
        this.genes = genes.clone();
    }

    /** The canonical key, e.g. {@code r28:d2,3,4:k3,5,7,...:e3,4,6,...} for an Once-for-All space. */
    public String key() {
        return key;
    }

    /** The value of each dimension, in the order of {@link SearchSpace#dimensions()}. */
    public int[] genes() {
        return genes.clone();
    }

    public int gene(int dimension) {
        return genes[dimension];
    }

    public int length() {
        return genes.length;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Architecture a && a.key.equals(key);
    }

    @Override
    public int hashCode() {
        return key.hashCode();
    }

    @Override
    public int compareTo(Architecture other) {
        return key.compareTo(other.key);
    }

    @Override
    public String toString() {
        return key;
    }

    /** Genes as a compact string, for spaces whose key is the gene list itself. */
    static String joinGenes(int[] genes) {
        return Arrays.stream(genes).mapToObj(Integer::toString).reduce((a, b) -> a + "," + b).orElse("");
    }
}
