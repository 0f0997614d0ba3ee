package org.sparknas.spark;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.sparknas.files.DriverHadoop;
import org.sparknas.files.StorageHadoop;
import scala.Tuple2;

/**
 * Gives an executor JVM's image reads the Hadoop settings of the application: the
 * {@code spark.hadoop.*} entries of its SparkConf (e.g. {@code --conf spark.hadoop.fs.s3a.access.key=...}),
 * which reach an executor in its SparkConf, not as system properties, on top of the
 * {@code *-site.xml} files on its classpath. Installed once per JVM, before its evaluator reads images.
 */
final class ExecutorHadoop {

    private static final String PREFIX = "spark.hadoop.";
    private static boolean installed;

    private ExecutorHadoop() {
    }

    static synchronized void install() {
        SparkEnv env = SparkEnv.get();
        if (installed || env == null) {
            return;
        }
        StorageHadoop.install(configuration(env.conf()));
        installed = true;
    }

    static Configuration configuration(SparkConf spark) {
        Configuration conf = DriverHadoop.configuration();
        for (Tuple2<String, String> entry : spark.getAll()) {
            if (entry._1().startsWith(PREFIX)) {
                conf.set(entry._1().substring(PREFIX.length()), entry._2());
            }
        }
        return conf;
    }
}
