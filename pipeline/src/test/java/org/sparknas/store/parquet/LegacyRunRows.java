package org.sparknas.store.parquet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.sparknas.store.RunRecord;

/**
 * Catalog rows as sparknas wrote them before the columns added on 2026-12-06 (hypervolume scale and
 * value, heartbeat, trials per generation) and on 2026-12-07 (evaluation fingerprint), for tests of
 * reading old output roots.
 */
public final class LegacyRunRows {

    private static final List<String> ADDED = List.of("hv_ideal", "hv_nadir", "hypervolume", "heartbeat_at",
            "generation_trials", RunRows.EVALUATION_FINGERPRINT);

    private LegacyRunRows() {
    }

    /** Writes {@code run}'s catalog file under {@code root} with the columns (and the writer) of before 2026-12-06. */
    public static void write(RunRecord run, Path root) throws IOException {
        write(run, root, ADDED);
    }

    /** Writes {@code run}'s catalog file under {@code root} as written before the evaluation fingerprint (2026-12-07). */
    public static void writeWithoutEvaluationFingerprint(RunRecord run, Path root) throws IOException {
        write(run, root, List.of(RunRows.EVALUATION_FINGERPRINT));
    }

    private static void write(RunRecord run, Path root, List<String> added) throws IOException {
        StructField[] all = RunRows.SCHEMA.fields();
        StructType old = new StructType(Arrays.copyOf(all, all.length - added.size()));
        assertEquals(added, Arrays.stream(all).skip(old.fields().length).map(StructField::name).toList(),
                "the added columns are the last ones");
        Row full = RunRows.toRow(run);
        Object[] values = new Object[old.fields().length];
        for (int i = 0; i < values.length; i++) {
            values[i] = full.get(i);
        }
        Configuration hadoop = new Configuration();
        new AtomicParquetFiles(FileSystem.getLocal(hadoop), hadoop).replace(old, List.of(RowFactory.create(values)),
                new org.apache.hadoop.fs.Path(root.resolve("runs/run_id=" + run.runId() + "/run.parquet").toUri()));
    }
}
