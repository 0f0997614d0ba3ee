package org.sparknas.report;

import java.util.ArrayList;
import java.util.List;
import org.sparknas.store.HypervolumeIndicator;
import org.sparknas.store.TrialRecord;

/**
 * A run's hypervolume generation by generation, computed from its stored trials with the
 * indicator the search used, fed one generation at a time as the search fed it, so the report
 * gives the very numbers the search printed and stored.
 */
final class HypervolumeTrace {

    private HypervolumeTrace() {
    }

    /**
     * The hypervolume after each generation.
     *
     * @param trials ordered by trial id, as the store returns them (so each generation's trials are together)
     */
    static List<HypervolumePoint> of(List<TrialRecord> trials, HypervolumeIndicator indicator) {
        List<HypervolumePoint> points = new ArrayList<>();
        HypervolumeIndicator.Running running = indicator.running();
        int i = 0;
        while (i < trials.size()) {
            int generation = trials.get(i).generation();
            int start = i;
            while (i < trials.size() && trials.get(i).generation() == generation) {
                i++;
            }
            points.add(new HypervolumePoint(generation, i, running.add(trials.subList(start, i))));
        }
        return points;
    }
}
