package org.sparknas.spark;

import org.apache.spark.sql.SparkSession;

/** One local[2] session shared by the tests of a JVM: starting Spark costs seconds, a job milliseconds. */
public final class SparkTestSession {

    private static SparkSession session;

    private SparkTestSession() {
    }

    public static synchronized SparkSession get() {
        if (session == null || session.sparkContext().isStopped()) {
            session = SparkSession.builder()
                    .master("local[2]")
                    .appName("sparknas-tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.shuffle.partitions", "2")
                    .config("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS")
                    .getOrCreate();
        }
        return session;
    }
}
