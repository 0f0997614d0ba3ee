package org.sparknas.strategy;

import java.util.ArrayList;
import java.util.List;
import org.sparknas.pareto.Hypervolume;
import org.sparknas.space.Architecture;

/** Helpers to judge what a toy run found. */
final class Search {

    private Search() {
    }

    static int hamming(Architecture a, Architecture b) {
        int d = 0;
        for (int i = 0; i < a.length(); i++) {
            if (a.gene(i) != b.gene(i)) {
                d++;
            }
        }
        return d;
    }

    /**
     * The fraction of the hypervolume of the whole space's (-accuracy, cost) front that {@code found}
     * reaches, with the space's worst accuracy and cost as the reference point.
     */
    static double hypervolumeFraction(List<Architecture> found, org.sparknas.space.SearchSpace space) {
        double[] whole = WHOLE.computeIfAbsent(space.fingerprint(), f -> {
            List<Architecture> all = space.grid(java.util.stream.IntStream.range(0, space.dimensions().size()).boxed().toList(),
                    space.smallest()).toList();
            double[] reference = {
                -all.stream().mapToDouble(a -> Toy.metrics(a).get("accuracy")).min().orElseThrow(),
                all.stream().mapToDouble(a -> Toy.metrics(a).get("cost")).max().orElseThrow()};
            return new double[] {reference[0], reference[1], Hypervolume.of(points(all), reference)};
        });
        return Hypervolume.of(points(found), new double[] {whole[0], whole[1]}) / whole[2];
    }

    /** Per space: the reference point and the hypervolume of the whole space. */
    private static final java.util.Map<String, double[]> WHOLE = new java.util.concurrent.ConcurrentHashMap<>();

    private static List<double[]> points(List<Architecture> archs) {
        List<double[]> points = new ArrayList<>();
        for (Architecture a : archs) {
            points.add(new double[] {-Toy.metrics(a).get("accuracy"), Toy.metrics(a).get("cost")});
        }
        return points;
    }

    static double bestAccuracy(List<Architecture> found) {
        return found.stream().mapToDouble(a -> Toy.metrics(a).get("accuracy")).max().orElseThrow();
    }
}
