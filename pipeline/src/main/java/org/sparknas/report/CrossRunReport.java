package org.sparknas.report;

import java.util.List;
import java.util.Optional;
import org.sparknas.strategy.Goal;

/**
 * What the report shows across runs, with the files already written.
 *
 * @param front       the combined front, one row per architecture
 * @param comparison  one row per run: its budget, its share of the combined front, its final hypervolume
 * @param files       relative to the report directory
 */
record CrossRunReport(List<String> runIds, String supernet, Goal goal, List<CrossRun.Member> members, Table front,
                      List<Figure> frontFigures, Optional<Figure> hypervolumeFigure, Table comparison,
                      List<String> files) {

    CrossRunReport {
        runIds = List.copyOf(runIds);
        members = List.copyOf(members);
        frontFigures = List.copyOf(frontFigures);
        files = List.copyOf(files);
    }
}
