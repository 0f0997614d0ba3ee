package org.sparknas.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparknas.store.RunRecord;
import org.sparknas.store.RunStatus;
import org.sparknas.store.StoredRun;
import org.sparknas.store.parquet.ParquetRunSource;

class SyntheticRunsTest {

    private static final int TRIALS = 60;

    @TempDir
    Path dir;

    private static List<StoredRun> read(Path root) {
        ParquetRunSource source = new ParquetRunSource(new Configuration(), root.toString());
        return source.runs().stream().map(r -> source.load(r, RunSpace.of(r))).toList();
    }

    @Test
    void writesFinishedRunsOfOneSupernetThatTheReportReadsBack() {
        Path root = dir.resolve("root");
        List<String> ids = SyntheticRuns.write(root, 2, TRIALS, 7);
        List<StoredRun> runs = read(root);
        assertEquals(ids.stream().sorted().toList(), runs.stream().map(StoredRun::runId).toList());
        for (StoredRun run : runs) {
            RunRecord row = run.run();
            assertEquals(RunStatus.FINISHED, row.status(), row.runId());
            assertEquals(SyntheticRuns.SUPERNET, row.supernetSha256(), row.runId());
            assertEquals(TRIALS, row.trialsTotal(), row.runId());
            assertEquals(TRIALS, run.trials().size(), row.runId());
            assertNotNull(row.hypervolumeScale(), row.runId() + ": no stored hypervolume scale");
            assertFalse(run.pareto().isEmpty(), row.runId() + ": no Pareto rows");
        }

        ReportResult report = new ReportJob(new ParquetRunSource(new Configuration(), root.toString()),
                dir.resolve("report"), Clock.systemUTC()).run(List.of());
        assertEquals(ids.stream().sorted().toList(), report.runIds().stream().sorted().toList());
        assertTrue(report.crossRun(), "two runs of one supernet get the cross-run part");
    }

    @Test
    void theSameSeedWritesTheSameTrials() {
        SyntheticRuns.write(dir.resolve("a"), 1, TRIALS, 3);
        SyntheticRuns.write(dir.resolve("b"), 1, TRIALS, 3);
        StoredRun a = read(dir.resolve("a")).get(0);
        StoredRun b = read(dir.resolve("b")).get(0);
        assertEquals(a.trials(), b.trials());
        assertEquals(a.pareto(), b.pareto());
    }
}
