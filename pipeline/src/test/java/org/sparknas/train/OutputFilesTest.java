package org.sparknas.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparknas.config.ConfigException;

/** Outputs on a local disk and through a Hadoop FileSystem (a local one under its own scheme, as HDFS or S3 would be). */
class OutputFilesTest {

    /** The local file system under the scheme {@code sntest:}, so that paths go through Hadoop's API. */
    public static final class SchemeFileSystem extends RawLocalFileSystem {
        @Override
        public URI getUri() {
            return URI.create("sntest:///");
        }

        @Override
        public String getScheme() {
            return "sntest";
        }
    }

    @TempDir
    Path dir;

    @Test
    void localWritesReplaceAtomicallyAndLeaveNoTemporaryFile() throws Exception {
        String file = dir.resolve("a/b/weights").toString();
        assertTrue(OutputFiles.isLocal(file));
        assertTrue(OutputFiles.isLocal("file://" + file));
        OutputFiles.write(file, new byte[] {1, 2});
        OutputFiles.write(file, new byte[] {3});
        assertArrayEquals(new byte[] {3}, OutputFiles.read(file));
        assertEquals(List.of("weights"), OutputFiles.list(dir.resolve("a/b").toString()));
        assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(Path.of(file))));
        ConfigException e = assertThrows(ConfigException.class, () -> OutputFiles.read(dir.resolve("none").toString()));
        assertTrue(e.getMessage().contains("none") && e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void hadoopUrisGoThroughTheirFileSystem() {
        System.setProperty("spark.hadoop.fs.sntest.impl", SchemeFileSystem.class.getName());
        System.setProperty("spark.hadoop.fs.sntest.impl.disable.cache", "true");
        try {
            String root = "sntest://" + dir.toAbsolutePath();
            String file = OutputFiles.resolve(root + "/out/checkpoints", "step-000000001.ckpt");
            assertFalse(OutputFiles.isLocal(file));
            assertFalse(OutputFiles.exists(file));
            OutputFiles.write(file, new byte[] {7, 8, 9});
            OutputFiles.write(file, new byte[] {7, 8});
            assertTrue(OutputFiles.exists(file));
            assertArrayEquals(new byte[] {7, 8}, OutputFiles.read(file));
            assertEquals(List.of("step-000000001.ckpt"), OutputFiles.list(root + "/out/checkpoints"));
            assertTrue(Files.exists(dir.resolve("out/checkpoints/step-000000001.ckpt")), "it is the local file underneath");
            OutputFiles.delete(file);
            assertEquals(List.of(), OutputFiles.list(root + "/out/checkpoints"));
        } finally {
            System.clearProperty("spark.hadoop.fs.sntest.impl");
            System.clearProperty("spark.hadoop.fs.sntest.impl.disable.cache");
        }
    }
}
