package org.sparknas.store;

import java.util.List;

/**
 * The normalisation of a run's hypervolume, per objective in the order of the run's objectives and
 * in the metric's own units: the value that maps to 0 ({@code ideal}) and the value that maps to 1
 * ({@code nadir}); e.g. accuracy 1 and 0, MACs 0 and the largest architecture's MACs. Stored with
 * the run, so that whoever reads the run (the report, a comparison of runs) computes the number
 * the search printed without the latency tables or a calibration of its own.
 */
public record HypervolumeScale(List<Double> ideal, List<Double> nadir) {

    public HypervolumeScale {
        ideal = List.copyOf(ideal);
        nadir = List.copyOf(nadir);
        if (ideal.size() != nadir.size() || ideal.isEmpty()) {
            throw new IllegalArgumentException("a hypervolume scale needs one ideal and one nadir value per objective, got "
                    + ideal.size() + " and " + nadir.size());
        }
    }

    public int size() {
        return ideal.size();
    }
}
