package org.sparknas.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** validate-latency on a tiny space and a table profiled for it: the report's shape and the bad-input exits, not the figures. */
class ValidateLatencyCommandTest {

    @TempDir
    Path tmp;

    @Test
    void printsEveryNetworkTwoWaysAndTheAgreementsAndRefusesBadInput() throws Exception {
        Path space = ProfileLatencyCommandTest.tinySpace(tmp);
        CliRun profile = CliRun.of("profile-latency", "--space", space.toString(), "--device", "cpu", "--batch-sizes", "1",
                "--warmup", "0", "--repeats", "1", "--rounds", "1", "--table-dir", tmp.toString(), "--master", "local[1]");
        assertEquals(0, profile.exitCode(), profile.output());
        String table = tmp.resolve("cpu.csv").toString();

        CliRun run = CliRun.of("validate-latency", "--space", space.toString(), "--table", table, "--count", "5",
                "--warmup", "0", "--repeats", "2", "--rounds", "1");
        assertEquals(0, run.exitCode(), run.output());
        // arch_key (itself holding commas), then predicted, measured and raw measured ms
        List<String> rows = run.output().lines().filter(l -> l.matches("r\\d+:.*(,\\d+\\.\\d{4}){3}")).toList();
        assertEquals(5, rows.size(), run.output());
        for (String row : rows) {
            String[] f = row.split(",");
            for (int i = f.length - 3; i < f.length; i++) {
                assertTrue(Double.parseDouble(f[i]) > 0, row);
            }
        }
        assertTrue(run.output().contains("arch_key,predicted_ms,measured_ms,raw_measured_ms"), run.output());
        assertTrue(run.output().contains("Kendall tau = "), run.output());
        assertTrue(run.output().contains("(against the raw medians, without the speed reference: tau "), run.output());

        // 2 resolutions x (4 + 16 choices per stage)^2 = 800 sub-networks: 1000 distinct ones cannot be drawn
        CliRun tooMany = CliRun.of("validate-latency", "--space", space.toString(), "--table", table, "--count", "1000");
        assertEquals(2, tooMany.exitCode(), tooMany.output());
        assertTrue(tooMany.output().contains("has only 800 architectures"), tooMany.output());
        CliRun otherBatch = CliRun.of("validate-latency", "--space", space.toString(), "--table", table, "--batch", "16");
        assertEquals(2, otherBatch.exitCode(), otherBatch.output());
        assertTrue(otherBatch.output().contains("has batches [1], not 16"), otherBatch.output());
    }
}
