package org.sparknas.files;

import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * The Hadoop configuration of a driver that starts no Spark session (report, specialize): the
 * defaults and {@code *-site.xml} on the classpath (spark-submit puts {@code HADOOP_CONF_DIR} there),
 * plus the {@code spark.hadoop.*} properties spark-submit passes to the driver as system properties,
 * applied as Spark applies them, so s3a credentials given with {@code --conf} still reach the store.
 */
public final class DriverHadoop {

    private static final String PREFIX = "spark.hadoop.";

    private DriverHadoop() {
    }

    public static Configuration configuration() {
        Configuration conf = new Configuration();
        for (Map.Entry<Object, Object> e : System.getProperties().entrySet()) {
            String key = e.getKey().toString();
            if (key.startsWith(PREFIX)) {
                conf.set(key.substring(PREFIX.length()), e.getValue().toString());
            }
        }
        return conf;
    }
}
