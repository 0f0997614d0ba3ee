package org.sparknas.report;

import java.nio.file.Path;
import java.util.List;

/**
 * What a report wrote.
 *
 * @param files every file written, relative to the report directory, {@code index.html} last
 */
public record ReportResult(Path directory, Path index, List<String> runIds, boolean crossRun, List<String> files) {

    public ReportResult {
        runIds = List.copyOf(runIds);
        files = List.copyOf(files);
    }
}
