package org.sparknas.store.parquet;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.sparknas.config.ConfigException;
import org.sparknas.store.RunLease;

/**
 * One writer per run: a lock file beside the run's catalog row ({@code runs/run_id=R/_writer.lock},
 * hidden from readers), created only if absent. It names its holder (host, process id, a random
 * token). A driver that finds another's lock takes it over only when that holder is dead: its process
 * is gone on this host, or, from another host, neither the lock nor the run's heartbeat (the catalog
 * row's {@code heartbeat_at}, refreshed every 30 s while the run is live) moved for {@code staleAfter}.
 * A takeover first renames the old lock aside, so of two drivers taking over at once only one can.
 *
 * <p>Create-if-absent is atomic on a local file system and on HDFS; on S3 (s3a) it is a check and
 * then a write, so two drivers started within the same moment may both pass.
 */
final class RunWriterLock {

    static final String FILE = "_writer.lock";

    private final FileSystem fs;
    private final Path lock;
    private final String runId;
    private final Supplier<Optional<Instant>> heartbeat;
    private final Duration staleAfter;
    private final Clock clock;

    RunWriterLock(FileSystem fs, Path runDirectory, String runId, Supplier<Optional<Instant>> heartbeat,
                  Duration staleAfter, Clock clock) {
        this.fs = fs;
        this.lock = new Path(runDirectory, FILE);
        this.runId = runId;
        this.heartbeat = heartbeat;
        this.staleAfter = staleAfter;
        this.clock = clock;
    }

    /** The holder a lock file names. */
    record Holder(String host, long pid, String token, Instant since) {

        static Holder current(Clock clock) {
            return new Holder(hostName(), ProcessHandle.current().pid(), UUID.randomUUID().toString(), clock.instant());
        }

        String encode() {
            return host + "\n" + pid + "\n" + token + "\n" + since + "\n";
        }

        static Optional<Holder> decode(String text) {
            String[] f = text.split("\n");
            try {
                return f.length < 4 ? Optional.empty()
                        : Optional.of(new Holder(f[0], Long.parseLong(f[1]), f[2], Instant.parse(f[3])));
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        }

        private boolean deadOnThisHost() {
            return host.equals(hostName()) && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
        }
    }

    RunLease acquire() {
        Holder me = Holder.current(clock);
        try {
            for (int attempt = 0; attempt < 3; attempt++) {
                if (create(me)) {
                    return () -> release(me);
                }
                Optional<Holder> holder = read();
                if (holder.isEmpty() && fs.exists(lock) && !quietFor(modified())) {
                    // being written this very moment, or its writer died between create and write
                    throw locked("a driver that is starting (its lock file is still empty)");
                }
                if (holder.isPresent() && !holder.get().deadOnThisHost() && !quietFor(lastSignOfLife())) {
                    Holder h = holder.get();
                    throw locked("the driver " + h.pid() + " on " + h.host() + " (since " + h.since() + ")");
                }
                // dead: move its lock aside (one of several takers wins the rename), then try again
                fs.rename(lock, new Path(lock.getParent(), FILE + ".stale-" + UUID.randomUUID()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock run " + runId + " (" + lock + "): " + e.getMessage(), e);
        }
        throw locked("another driver taking it over at the same moment");
    }

    private ConfigException locked(String by) {
        return new ConfigException("run '" + runId + "' is being written by " + by + "; one run has one writer. Wait"
                + " for it to end (bin/sparknas runs --output " + lock.getParent().getParent().getParent()
                + " shows it), or, if that driver is gone, run the command again: its lock is taken over once its"
                + " process is gone (same host) or nothing moved for " + staleAfter.toSeconds() + " s (" + lock + ")");
    }

    private boolean create(Holder me) throws IOException {
        fs.mkdirs(lock.getParent());
        if (fs instanceof LocalFileSystem local) {
            // Hadoop's local create(overwrite = false) checks, then creates; the OS's exclusive create is atomic
            try {
                java.nio.file.Files.write(java.nio.file.Path.of(local.pathToFile(lock).getPath()),
                        me.encode().getBytes(StandardCharsets.UTF_8), java.nio.file.StandardOpenOption.CREATE_NEW,
                        java.nio.file.StandardOpenOption.WRITE);
                return true;
            } catch (java.nio.file.FileAlreadyExistsException e) {
                return false;
            }
        }
        try (OutputStream out = fs.create(lock, false)) {
            out.write(me.encode().getBytes(StandardCharsets.UTF_8));
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            // some file systems say "exists" with a plain IOException; the lock file tells
            if (fs.exists(lock)) {
                return false;
            }
            throw e;
        }
    }

    private Optional<Holder> read() throws IOException {
        try (InputStream in = fs.open(lock)) {
            return Holder.decode(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (FileNotFoundException e) {
            return Optional.empty();
        }
    }

    private Instant modified() throws IOException {
        try {
            FileStatus s = fs.getFileStatus(lock);
            return Instant.ofEpochMilli(s.getModificationTime());
        } catch (FileNotFoundException e) {
            return Instant.EPOCH;
        }
    }

    /** The latest sign that the holder lives: its lock file's time, or the run's heartbeat. */
    private Instant lastSignOfLife() throws IOException {
        Instant lockTime = modified();
        Instant beat = heartbeat.get().orElse(Instant.EPOCH);
        return beat.isAfter(lockTime) ? beat : lockTime;
    }

    private boolean quietFor(Instant last) {
        return Duration.between(last, clock.instant()).compareTo(staleAfter) > 0;
    }

    /** Gives the lock up, if it is still this holder's (a takeover may have moved it). */
    private void release(Holder me) {
        try {
            if (read().map(h -> h.token().equals(me.token())).orElse(false)) {
                fs.delete(lock, false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot release the lock of run " + runId + " (" + lock + "): " + e.getMessage(), e);
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown-host";
        }
    }
}
