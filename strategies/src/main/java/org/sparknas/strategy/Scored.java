package org.sparknas.strategy;

import org.sparknas.space.Architecture;

/**
 * A successful trial with what selection compares: its objectives turned into ones to minimise,
 * its scalar fitness (larger is better) and its constraint violation (0 when feasible).
 *
 * @param order the position of the trial among everything told, for ageing and tie-breaks
 */
record Scored(Trial trial, double[] objectives, double fitness, double violation, long order) {

    Architecture architecture() {
        return trial.architecture();
    }

    boolean feasible() {
        return violation == 0;
    }

    /**
     * Deb's rule for one scalar fitness: feasible beats infeasible, smaller violation beats larger,
     * then larger fitness; ties go to the earlier trial so that the order is total and repeatable.
     */
    static int compareByFitness(Scored a, Scored b) {
        int c = Double.compare(a.violation, b.violation);
        if (c != 0) {
            return c;
        }
        c = Double.compare(b.fitness, a.fitness);
        return c != 0 ? c : Long.compare(a.order, b.order);
    }
}
