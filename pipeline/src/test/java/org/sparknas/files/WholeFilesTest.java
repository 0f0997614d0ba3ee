package org.sparknas.files;

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
class WholeFilesTest {

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
        assertTrue(WholeFiles.isLocal(file));
        assertTrue(WholeFiles.isLocal("file://" + file));
        WholeFiles.write(file, new byte[] {1, 2});
        WholeFiles.write(file, new byte[] {3});
        assertArrayEquals(new byte[] {3}, WholeFiles.read(file));
        assertEquals(List.of("weights"), WholeFiles.list(dir.resolve("a/b").toString()));
        assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(Path.of(file))));
        ConfigException e = assertThrows(ConfigException.class, () -> WholeFiles.read(dir.resolve("none").toString()));
        assertTrue(e.getMessage().contains("none") && e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void hadoopUrisGoThroughTheirFileSystem() {
        System.setProperty("spark.hadoop.fs.sntest.impl", SchemeFileSystem.class.getName());
        System.setProperty("spark.hadoop.fs.sntest.impl.disable.cache", "true");
        try {
            String root = "sntest://" + dir.toAbsolutePath();
            String file = WholeFiles.resolve(root + "/out/checkpoints", "step-000000001.ckpt");
            assertFalse(WholeFiles.isLocal(file));
            assertFalse(WholeFiles.exists(file));
            WholeFiles.write(file, new byte[] {7, 8, 9});
            WholeFiles.write(file, new byte[] {7, 8});
            assertTrue(WholeFiles.exists(file));
            assertArrayEquals(new byte[] {7, 8}, WholeFiles.read(file));
            assertEquals(List.of("step-000000001.ckpt"), WholeFiles.list(root + "/out/checkpoints"));
            assertTrue(Files.exists(dir.resolve("out/checkpoints/step-000000001.ckpt")), "it is the local file underneath");
            WholeFiles.delete(file);
            assertEquals(List.of(), WholeFiles.list(root + "/out/checkpoints"));
        } finally {
            System.clearProperty("spark.hadoop.fs.sntest.impl");
            System.clearProperty("spark.hadoop.fs.sntest.impl.disable.cache");
        }
    }

    @Test
    void aReplacementCutAfterTheOldFileWasRemovedIsCompletedByTheNextRead() throws Exception {
        System.setProperty("spark.hadoop.fs.sntest.impl", SchemeFileSystem.class.getName());
        System.setProperty("spark.hadoop.fs.sntest.impl.disable.cache", "true");
        try {
            String file = "sntest://" + dir.toAbsolutePath() + "/out/supernet.weights";
            WholeFiles.write(file, new byte[] {1});
            // the state a kill leaves between removing the old file and renaming the pending one into place
            Files.delete(dir.resolve("out/supernet.weights"));
            Files.write(dir.resolve("out/.supernet.weights.pending"), new byte[] {2, 3});
            assertTrue(WholeFiles.exists(file), "the complete pending file was not promoted");
            assertArrayEquals(new byte[] {2, 3}, WholeFiles.read(file));
            assertEquals(List.of("supernet.weights"), WholeFiles.list("sntest://" + dir.toAbsolutePath() + "/out"));
        } finally {
            System.clearProperty("spark.hadoop.fs.sntest.impl");
            System.clearProperty("spark.hadoop.fs.sntest.impl.disable.cache");
        }
    }
}
