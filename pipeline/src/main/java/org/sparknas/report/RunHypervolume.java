package org.sparknas.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.sparknas.config.ConfigException;
import org.sparknas.latency.SpaceCostEstimator;
import org.sparknas.store.HypervolumeIndicator;
import org.sparknas.store.HypervolumeScale;
import org.sparknas.store.StoredRun;
import org.sparknas.strategy.Goal;
import org.sparknas.strategy.Objective;

/**
 * A run's hypervolume by generation, on the scale its catalog row stores: the numbers its search
 * printed. A row written before the scale was stored has none; the scale is then re-derived as
 * the search would without latency tables (a latency objective scaled by the extent of the first
 * feasible trials), and {@link #note()} says that it may differ from what the search printed.
 *
 * @param scale the scale the trace is on; null while the run has no feasible trial
 * @param note  empty, or why this is not the stored scale
 */
record RunHypervolume(List<HypervolumePoint> trace, HypervolumeScale scale, boolean stored, String note) {

    RunHypervolume {
        trace = List.copyOf(trace);
    }

    static RunHypervolume of(StoredRun run, Goal goal) {
        HypervolumeScale stored = run.run().hypervolumeScale();
        if (stored != null) {
            HypervolumeIndicator indicator;
            try {
                indicator = HypervolumeIndicator.onScale(goal, stored);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("run '" + run.runId() + "': its catalog row's hv_ideal and hv_nadir do not fit its"
                        + " objectives (" + e.getMessage() + "); the row was edited or written by another version of"
                        + " sparknas. Report the other runs with --run-id", e);
            }
            return new RunHypervolume(HypervolumeTrace.of(run.trials(), indicator), stored, true, "");
        }
        HypervolumeIndicator indicator = new HypervolumeIndicator(goal, run.space(), SpaceCostEstimator.of(run.space()));
        // MACs and parameters are scaled by the space alone: then the search's scale is known exactly.
        boolean fromSpace = indicator.scale().isPresent();
        List<HypervolumePoint> trace = HypervolumeTrace.of(run.trials(), indicator);
        HypervolumeScale derived = indicator.scale().orElse(null);
        String note = derived == null || fromSpace ? "" : "the catalog row of run " + run.runId() + " stores no hypervolume scale (it was"
                + " written before sparknas stored one), so the report re-derived it: a latency objective is scaled by the"
                + " extent of the run's first feasible trials here, not by the latency tables the search used, and the"
                + " numbers may differ from what the search printed";
        return new RunHypervolume(trace, derived, false, note);
    }

    /** The last generation's hypervolume, NaN when there is none. */
    double finalValue() {
        return trace.isEmpty() ? Double.NaN : trace.get(trace.size() - 1).hypervolume();
    }

    /** The scale as a reader wants it, e.g. {@code "accuracy 1.0000 to 0.0000, macs 0 to 10,390,000 (stored by the search)"}. */
    String describe(Goal goal) {
        if (scale == null) {
            return "- (no feasible trial yet)";
        }
        List<Objective> objectives = HypervolumeIndicator.judged(goal).objectives();
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < objectives.size(); i++) {
            String metric = objectives.get(i).metric();
            parts.add(String.format(Locale.ROOT, "%s %s to %s%s", metric, MetricFormat.value(metric, scale.ideal().get(i)),
                    MetricFormat.value(metric, scale.nadir().get(i)), MetricFormat.isLatency(metric) ? " ms" : ""));
        }
        return String.join(", ", parts) + (stored ? " (stored by the search)" : " (re-derived by the report)");
    }
}
