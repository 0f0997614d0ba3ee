package org.sparknas.report;

import java.util.List;
import java.util.Optional;
import org.sparknas.strategy.Goal;

/**
 * What the report shows across one group of runs, with the files already written.
 *
 * @param name        its HTML id, e.g. {@code cross-run} (or {@code cross-run-2} when there are several)
 * @param dir         its directory in the report, e.g. {@code cross-run} (or {@code cross-run/2})
 * @param front       the combined front, one row per architecture
 * @param comparison  one row per run: its budget, its share of the combined front, its final hypervolume
 * @param scaleNote   whether the runs' hypervolumes are on one scale, and which runs are on which
 * @param files       relative to the report directory
 */
record CrossRunReport(String name, String dir, List<String> runIds, String supernet, Goal goal,
                      List<CrossRun.Member> members, Table front, List<Figure> frontFigures,
                      Optional<Figure> hypervolumeFigure, Table comparison, String scaleNote, List<String> files) {

    CrossRunReport {
        runIds = List.copyOf(runIds);
        members = List.copyOf(members);
        frontFigures = List.copyOf(frontFigures);
        files = List.copyOf(files);
    }
}
