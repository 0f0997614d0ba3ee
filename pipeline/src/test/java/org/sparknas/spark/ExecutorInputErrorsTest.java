package org.sparknas.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.apache.spark.SparkException;
import org.junit.jupiter.api.Test;
import org.sparknas.config.ConfigException;
import org.sparknas.data.ImageReadException;

class ExecutorInputErrorsTest {

    private static final String FAILURE = "Job aborted due to stage failure: Task 1 in stage 0.0 failed 4 times, most recent"
            + " failure: Lost task 1.3 in stage 0.0 (TID 7) (10.0.0.5 executor 2): ";

    @Test
    void aConfigurationErrorThatTravelledBackStopsTheSearchWithItsMessage() {
        SparkException failure = new SparkException(FAILURE + "...", new ImageReadException("cannot read image a/1.png"));
        ConfigException e = ExecutorInputErrors.of(failure).orElseThrow();
        assertTrue(e.getMessage().startsWith("an executor stopped on bad input: cannot read image a/1.png. Every candidate"),
                e.getMessage());
    }

    /** Spark sends only the text when it cannot serialise the exception (a cause that is not Serializable). */
    @Test
    void oneQuotedInTheJobFailureIsFoundToo() {
        SparkException failure = new SparkException(FAILURE + "org.sparknas.data.ImageReadException: cannot read image"
                + " s3a://b/x.jpg (truncated)\n\tat org.sparknas.eval.ExecutorImages.of(ExecutorImages.java:70)\n");
        assertTrue(ExecutorInputErrors.of(failure).orElseThrow().getMessage()
                .contains("bad input: cannot read image s3a://b/x.jpg (truncated). Every"));
    }

    @Test
    void otherFailuresAreLeftAsTheyAre() {
        assertEquals(Optional.empty(), ExecutorInputErrors.of(new SparkException(FAILURE
                + "java.lang.IllegalStateException: engine\n")));
        assertEquals(Optional.empty(), ExecutorInputErrors.of(new SparkException(FAILURE
                + "org.sparknas.spark.NoSuchThing: x\n", new IllegalStateException("engine"))));
    }
}
