package org.sparknas.files;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import scala.Tuple2;

/**
 * The Hadoop configuration for reading data files on any JVM of a run: the driver (which has the
 * {@code spark.hadoop.*} system properties spark-submit sets, see {@link DriverHadoop}) and an
 * executor (which has them in its {@link SparkEnv}'s configuration instead). Built once per JVM:
 * a Configuration reads its {@code *-site.xml} files when made, and images are read by the thousand.
 */
public final class StorageHadoop {

    private static final String PREFIX = "spark.hadoop.";
    private static volatile Configuration shared;

    private StorageHadoop() {
    }

    /** The shared configuration; callers must not change it. */
    public static Configuration configuration() {
        Configuration conf = shared;
        if (conf == null) {
            synchronized (StorageHadoop.class) {
                if (shared == null) {
                    shared = build();
                }
                conf = shared;
            }
        }
        return conf;
    }

    private static Configuration build() {
        Configuration conf = DriverHadoop.configuration();
        SparkEnv env = SparkEnv.get();
        if (env != null) {
            SparkConf spark = env.conf();
            for (Tuple2<String, String> e : spark.getAllWithPrefix(PREFIX)) {
                conf.set(e._1(), e._2());
            }
        }
        return conf;
    }
}
