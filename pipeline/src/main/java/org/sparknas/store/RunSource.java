package org.sparknas.store;

import java.util.List;
import org.sparknas.space.SearchSpace;

/**
 * Where a report reads runs from. The Parquet implementation lives with the other Spark code
 * ({@code org.sparknas.store.parquet.ParquetRunSource}), so that the report itself needs no Spark.
 */
public interface RunSource {

    /** The output root, as the user gave it, for messages. */
    String root();

    /** The catalog row of every run under the root, ordered by run id; empty when there is none. */
    List<RunRecord> runs();

    /** The trials and Pareto rows of a catalogued run, whose architecture keys belong to {@code space}. */
    StoredRun load(RunRecord run, SearchSpace space);
}
