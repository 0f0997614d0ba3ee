package org.sparknas.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

class ExecutorHadoopTest {

    @Test
    void theApplicationsSparkHadoopSettingsReachTheExecutorsImageReads() {
        SparkConf spark = new SparkConf(false).set("spark.hadoop.fs.s3a.endpoint", "http://minio:9000")
                .set("spark.executor.memory", "1g");
        Configuration conf = ExecutorHadoop.configuration(spark);
        assertEquals("http://minio:9000", conf.get("fs.s3a.endpoint"));
        assertNull(conf.get("executor.memory"));
    }
}
