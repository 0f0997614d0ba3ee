package org.sparknas.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RuntimeFailureTest {

    @Test
    void aDamagedFileIsNamedWithWhatToDoInOneLine() {
        Exception e = new org.apache.spark.SparkException("Job aborted due to stage failure: Task 0 in stage 3.0 failed 1 times",
                new RuntimeException("[FAILED_READ_FILE.NO_HINT] Encountered error while reading file "
                        + "file:///data/out/trials/run_id=a/gen-00001.parquet. SQLSTATE: KD001",
                        new org.apache.hadoop.fs.ChecksumException("Checksum error: file:/data/out/trials/run_id=a/gen-00001.parquet"
                                + " at 0 exp: 1 got: 2", 0)));
        String line = RuntimeFailure.describe(e);
        assertEquals(1, line.lines().count(), line);
        assertTrue(line.startsWith("cannot read file:///data/out/trials/run_id=a/gen-00001.parquet (org.apache.hadoop.fs"
                + ".ChecksumException: Checksum error"), line);
        assertTrue(line.contains("move it out of the output root"), line);
    }

    @Test
    void anyOtherFailureSaysWhatItIsAndHowToResume() {
        String line = RuntimeFailure.describe(new IllegalStateException("outer",
                new java.io.IOException("No space left on device\n\tmore detail")));
        assertEquals(1, line.lines().count(), line);
        assertTrue(line.startsWith("java.io.IOException: No space left on device. A search that was running is marked"
                + " failed"), line);
        assertTrue(line.contains("re-run the same command to resume"), line);
    }
}
