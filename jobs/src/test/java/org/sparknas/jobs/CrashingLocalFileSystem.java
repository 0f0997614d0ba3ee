package org.sparknas.jobs;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;

/**
 * Hadoop's local file system that kills its own JVM at a chosen moment of the writes below one
 * directory, as {@code kill -9} would (no shutdown hook, no finally block, buffered bytes lost), so a
 * test can crash a real search inside any write, at any byte. It is installed for the {@code file}
 * scheme by a {@code core-site.xml} on the child JVM's classpath, so every Hadoop {@code Configuration}
 * of that JVM (Spark's and the store's alike) uses it.
 *
 * <p>System properties: {@code crashfs.root} (only paths below it count), {@code crashfs.record} (a
 * file to which each mutating operation is appended as {@code INDEX KIND NAME [BYTES]}, a create's line
 * written when the file is closed, with its size), {@code crashfs.at} ({@code OP:BYTES}: at the
 * operation with index OP; for a rename or delete the JVM dies before it happens, for a create once
 * BYTES bytes were written through the stream, or at its close for BYTES = -1). Operations are
 * counted from 0 in the order they start.
 */
public final class CrashingLocalFileSystem extends LocalFileSystem {

    /** The exit status of a JVM that died at the kill point (what {@code kill -9} gives a shell). */
    public static final int HALTED = 137;

    private static final Object LOCK = new Object();
    private static int nextOperation;

    private final String root = System.getProperty("crashfs.root", "");
    private final String record = System.getProperty("crashfs.record", "");
    private final int atOperation;
    private final long atByte;

    public CrashingLocalFileSystem() {
        String at = System.getProperty("crashfs.at", "");
        if (at.isEmpty()) {
            atOperation = -1;
            atByte = 0;
        } else {
            String[] f = at.split(":");
            atOperation = Integer.parseInt(f[0]);
            atByte = Long.parseLong(f[1]);
        }
    }

    @Override
    public FSDataOutputStream create(Path f, FsPermission permission, boolean overwrite, int bufferSize,
                                     short replication, long blockSize, Progressable progress) throws IOException {
        if (!counted(f)) {
            return super.create(f, permission, overwrite, bufferSize, replication, blockSize, progress);
        }
        int op = start();
        long haltAt = op == atOperation ? atByte : Long.MIN_VALUE;
        if (haltAt == 0) {
            halt(); // before the file exists
        }
        FSDataOutputStream inner = super.create(f, permission, overwrite, bufferSize, replication, blockSize, progress);
        return new FSDataOutputStream(new Counting(inner, op, f.getName(), haltAt), null);
    }

    @Override
    public boolean rename(Path src, Path dst) throws IOException {
        if (counted(src)) {
            int op = start();
            log(op + " rename " + src.getName() + " " + dst.getName());
            if (op == atOperation) {
                halt();
            }
        }
        return super.rename(src, dst);
    }

    @Override
    public boolean delete(Path f, boolean recursive) throws IOException {
        if (counted(f) && !f.getName().endsWith(".crc")) {
            int op = start();
            log(op + " delete " + f.getName());
            if (op == atOperation) {
                halt();
            }
        }
        return super.delete(f, recursive);
    }

    private boolean counted(Path f) {
        return !root.isEmpty() && pathOf(f).startsWith(root) && !f.getName().endsWith(".crc");
    }

    private static String pathOf(Path f) {
        return f.toUri().getPath();
    }

    private static int start() {
        synchronized (LOCK) {
            return nextOperation++;
        }
    }

    private void log(String line) {
        if (record.isEmpty()) {
            return;
        }
        synchronized (LOCK) {
            try {
                Files.writeString(java.nio.file.Path.of(record), line + "\n", StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static void halt() {
        Runtime.getRuntime().halt(HALTED);
    }

    /** Counts the bytes a writer hands over and kills the JVM at the chosen one. */
    private final class Counting extends OutputStream {
        private final OutputStream inner;
        private final int op;
        private final String name;
        private final long haltAt;
        private long written;

        Counting(OutputStream inner, int op, String name, long haltAt) {
            this.inner = inner;
            this.op = op;
            this.name = name;
            this.haltAt = haltAt;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (haltAt > 0 && written + len >= haltAt) {
                int part = (int) (haltAt - written);
                inner.write(b, off, part);
                inner.flush(); // the bytes before the kill point reach the file, as they would have reached the OS
                halt();
            }
            inner.write(b, off, len);
            written += len;
        }

        @Override
        public void flush() throws IOException {
            inner.flush();
        }

        @Override
        public void close() throws IOException {
            if (haltAt == -1) {
                inner.flush();
                halt(); // every byte written, the file not yet closed
            }
            inner.close();
            log(op + " create " + name + " " + written);
        }
    }
}
