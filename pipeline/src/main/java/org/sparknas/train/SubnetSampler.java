package org.sparknas.train;

import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.sparknas.space.Architecture;
import org.sparknas.space.Dimension;
import org.sparknas.space.OfaSpace;

/**
 * The sub-networks a phase trains: every gene of an elastic dimension uniform over its choices
 * (Once-for-All samples each stage's depth and each block's kernel and expand ratio independently),
 * every other gene at its largest choice.
 */
final class SubnetSampler {

    private final OfaSpace space;
    private final Set<ElasticDimension> elastic;
    private final List<Dimension> dimensions;
    private final ElasticDimension[] kinds;

    SubnetSampler(OfaSpace space, Set<ElasticDimension> elastic) {
        this.space = space;
        this.elastic = Set.copyOf(elastic);
        this.dimensions = space.dimensions();
        this.kinds = new ElasticDimension[dimensions.size()];
        for (int i = 0; i < kinds.length; i++) {
            kinds[i] = ElasticDimension.ofGene(dimensions.get(i).name());
        }
    }

    /** The resolution of one batch: uniform over the space's resolutions when elastic, else the largest. */
    int resolution(SplittableRandom random) {
        List<Integer> choices = space.resolutions();
        return elastic.contains(ElasticDimension.RESOLUTION) ? choices.get(random.nextInt(choices.size()))
                : max(choices);
    }

    /** The largest network at {@code resolution}: the teacher of in-place distillation. */
    Architecture largest(int resolution) {
        return build(resolution, (i, d) -> max(d.choices()));
    }

    /** The smallest network of this phase at {@code resolution}: elastic dimensions at their smallest. */
    Architecture smallest(int resolution) {
        return build(resolution, (i, d) -> elastic.contains(kinds[i]) ? min(d.choices()) : max(d.choices()));
    }

    /** A random network of this phase at {@code resolution}. */
    Architecture sample(SplittableRandom random, int resolution) {
        return build(resolution, (i, d) -> elastic.contains(kinds[i]) ? d.choices().get(random.nextInt(d.size()))
                : max(d.choices()));
    }

    private interface GenePicker {
        int pick(int index, Dimension dimension);
    }

    private Architecture build(int resolution, GenePicker picker) {
        int[] genes = new int[dimensions.size()];
        for (int i = 0; i < genes.length; i++) {
            genes[i] = kinds[i] == ElasticDimension.RESOLUTION ? resolution : picker.pick(i, dimensions.get(i));
        }
        return space.architecture(genes);
    }

    private static int max(List<Integer> values) {
        return values.stream().mapToInt(Integer::intValue).max().orElseThrow();
    }

    private static int min(List<Integer> values) {
        return values.stream().mapToInt(Integer::intValue).min().orElseThrow();
    }
}
