package org.sparknas.report;

import java.nio.file.Path;
import java.util.List;

/**
 * What a report wrote.
 *
 * @param runIds   the runs the page reports
 * @param files    every file written, relative to the report directory, {@code index.html} last
 * @param problems what the page says it could not report (a damaged run, no runs yet), one sentence each
 * @param live     whether a reported run was still running (its driver alive) when the report read it
 */
public record ReportResult(Path directory, Path index, List<String> runIds, boolean crossRun, List<String> files,
                           List<String> problems, boolean live) {

    public ReportResult {
        runIds = List.copyOf(runIds);
        files = List.copyOf(files);
        problems = List.copyOf(problems);
    }
}
