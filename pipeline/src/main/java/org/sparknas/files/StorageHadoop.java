package org.sparknas.files;

import org.apache.hadoop.conf.Configuration;

/**
 * The Hadoop configuration for reading data files (images, image tables) on any JVM of a run. By
 * default it is {@link DriverHadoop#configuration()}: the {@code *-site.xml} files on the classpath
 * and the {@code spark.hadoop.*} system properties, which an executor also has when they are given
 * to it as Java options; code that holds the executor's own Hadoop configuration (the Spark layer;
 * this package stays free of Spark) can {@link #install} it instead. Built once per JVM: a
 * Configuration reads its {@code *-site.xml} files when made, and images are read by the thousand.
 */
public final class StorageHadoop {

    private static Configuration shared;

    private StorageHadoop() {
    }

    /** The configuration of this JVM; callers must not change it. */
    public static synchronized Configuration configuration() {
        if (shared == null) {
            shared = DriverHadoop.configuration();
        }
        return shared;
    }

    /** Makes {@code conf} the configuration this JVM reads data files with (it must not be changed afterwards). */
    public static synchronized void install(Configuration conf) {
        shared = conf;
    }
}
