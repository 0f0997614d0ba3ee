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

    /**
     * The catalog as a report wants it: the rows that can be read, and one sentence for each run
     * whose row cannot (a damaged file), instead of failing the whole listing.
     */
    default Catalog catalog() {
        return new Catalog(runs(), List.of());
    }

    /**
     * @param runs       the readable catalog rows, ordered by run id
     * @param unreadable per run whose row cannot be read: which run, which file, why
     */
    record Catalog(List<RunRecord> runs, List<String> unreadable) {

        public Catalog {
            runs = List.copyOf(runs);
            unreadable = List.copyOf(unreadable);
        }
    }

    /** The trials and Pareto rows of a catalogued run, whose architecture keys belong to {@code space}. */
    StoredRun load(RunRecord run, SearchSpace space);
}
