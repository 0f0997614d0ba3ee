package org.sparknas.eval;

import com.typesafe.config.Config;
import org.apache.hadoop.conf.Configuration;
import org.sparknas.files.WholeFiles;
import org.sparknas.space.SearchSpace;

/**
 * The extension point for what a search measures. The default provider evaluates sub-networks of
 * the trained supernet; another (named by {@code evaluator.provider} in the configuration, a class
 * with a public no-argument constructor) can measure anything that gives metrics for an
 * architecture.
 *
 * <p>{@link #prepare} runs once on the driver: it reads the weights and images, checks them, and
 * throws {@link org.sparknas.config.ConfigException} with the file and the problem when they are
 * missing or do not match the space, so a bad input stops the run before any Spark job.
 */
public interface EvaluatorProvider {

    Prepared prepare(SearchSpace space, Config config, FileReader files);

    /**
     * @param factory       what is broadcast to executors
     * @param modelChecksum identifies the model the metrics depend on (the supernet weights' SHA-256);
     *                      stored trials are reused only for the same checksum
     */
    record Prepared(EvaluatorFactory factory, String modelChecksum) {
    }

    /** Reads a whole file from a local path or a Hadoop FileSystem URI (the driver's file access). */
    interface FileReader {
        byte[] read(String pathOrUri);

        boolean exists(String pathOrUri);

        /**
         * Through the Hadoop FileSystem each path resolves to with {@code hadoop} (a path without a scheme
         * is on its default file system, as for Spark's reads): the driver's reader in a search.
         */
        static FileReader hadoop(Configuration hadoop) {
            return new FileReader() {
                @Override
                public byte[] read(String pathOrUri) {
                    return WholeFiles.read(pathOrUri, hadoop);
                }

                @Override
                public boolean exists(String pathOrUri) {
                    return WholeFiles.exists(pathOrUri, hadoop);
                }
            };
        }

        /** Plain paths on the local disk (URIs through the driver's Hadoop configuration): for tools and tests that run outside Spark. */
        static FileReader local() {
            return new FileReader() {
                @Override
                public byte[] read(String path) {
                    return WholeFiles.read(path);
                }

                @Override
                public boolean exists(String path) {
                    return WholeFiles.exists(path);
                }
            };
        }
    }
}
