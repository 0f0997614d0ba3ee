package org.sparknas.report;

import java.util.List;
import java.util.Optional;
import org.sparknas.store.StoredRun;
import org.sparknas.strategy.Goal;

/**
 * What the report shows of one run, with the files already written.
 *
 * @param frontSet    the objective set of the front table, as the Pareto table names it
 * @param front       the rank-1 rows of that set
 * @param hv          the hypervolume by generation, on the run's stored scale
 * @param configJson  the run's configuration, formatted for reading
 * @param files       the run's files, relative to the report directory
 */
record RunReport(StoredRun stored, Goal goal, String frontSet, Table front, List<Figure> paretoFigures,
                 RunHypervolume hv, Optional<Figure> hypervolumeFigure, String configJson,
                 List<String> files) {

    RunReport {
        paretoFigures = List.copyOf(paretoFigures);
        files = List.copyOf(files);
    }

    /** The hypervolume after each generation. */
    List<HypervolumePoint> hypervolume() {
        return hv.trace();
    }

    /** The last generation's hypervolume, NaN when there is none. */
    double finalHypervolume() {
        return hv.finalValue();
    }
}
