package org.sparknas.spark;

import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.sparknas.config.ConfigException;

/**
 * Starts (or joins) the Spark session of a job. Under spark-submit the master and settings come
 * from there; run directly, the configured master (the embedded default {@code local[*]}) is used.
 */
public final class SparkSessions {

    private SparkSessions() {
    }

    public static SparkSession start(String fallbackMaster, String appName, Map<String, String> settings) {
        SparkConf conf = new SparkConf();
        if (!conf.contains("spark.master")) {
            conf.setMaster(fallbackMaster);
        }
        if (!conf.contains("spark.app.name")) {
            conf.setAppName(appName);
        }
        settings.forEach((k, v) -> {
            if (!conf.contains(k)) {
                conf.set(k, v);
            }
        });
        // Analysts' contract: timestamps as TIMESTAMP_MICROS, never the legacy INT96.
        conf.set("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS");
        conf.setIfMissing("spark.ui.showConsoleProgress", "false");
        refuseGpuInLocalMode(conf);
        return SparkSession.builder().config(conf).getOrCreate();
    }

    /**
     * In plain local mode Spark never offers GPU resources, so a job that asks for them waits
     * forever; say so instead of hanging.
     */
    static void refuseGpuInLocalMode(SparkConf conf) {
        String master = conf.get("spark.master", "");
        boolean plainLocal = master.equals("local") || master.startsWith("local[");
        if (plainLocal && conf.contains("spark.task.resource.gpu.amount")) {
            throw new ConfigException("spark.task.resource.gpu.amount is set but the master is " + master
                    + ": local mode never schedules GPU resources and the job would hang. Remove the GPU settings, or"
                    + " run on a cluster (standalone, YARN, Kubernetes) or local-cluster[...] with GPU workers");
        }
    }
}
