package org.sparknas.spark;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.sparknas.config.ConfigException;
import org.sparknas.eval.EvaluatorProvider;

/** Reads driver-side inputs (supernet weights, latency tables) from local paths, HDFS, S3... through Hadoop. */
public final class HadoopFileReader implements EvaluatorProvider.FileReader {

    private final Configuration hadoop;

    public HadoopFileReader(Configuration hadoop) {
        this.hadoop = hadoop;
    }

    @Override
    public byte[] read(String pathOrUri) {
        Path path = new Path(pathOrUri);
        try {
            FileSystem fs = path.getFileSystem(hadoop);
            long length = fs.getFileStatus(path).getLen();
            if (length > Integer.MAX_VALUE - 8) {
                throw new ConfigException(pathOrUri + " is " + length + " bytes, too large to broadcast");
            }
            try (InputStream in = fs.open(path)) {
                return in.readAllBytes();
            }
        } catch (FileNotFoundException e) {
            throw new ConfigException("file " + pathOrUri + " does not exist", e);
        } catch (IOException e) {
            throw new ConfigException("cannot read " + pathOrUri + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean exists(String pathOrUri) {
        Path path = new Path(pathOrUri);
        try {
            return path.getFileSystem(hadoop).exists(path);
        } catch (IOException e) {
            throw new ConfigException("cannot reach " + pathOrUri + ": " + e.getMessage(), e);
        }
    }
}
