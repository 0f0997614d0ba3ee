package org.sparknas.jobs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU seconds of the threads of every other Java process on this machine, read from Linux's
 * {@code /proc} twice a second (for the search-throughput bench). It tells the evaluating threads
 * (Spark's task threads, the plain loop's {@code plain-eval-*} threads) from all others (JIT,
 * GC, scheduling, RPC, the Master and Workers), which the wall-clock ratio cannot: the machine's
 * speed drifts by 10-30% between runs, but the share of the cores that the evaluations got does
 * not depend on how fast the cores are.
 */
final class ThreadCpuSampler implements AutoCloseable {

    /** CPU of the sampled processes between the first and the last snapshot inside a window. */
    record Usage(double seconds, double evalCpu, double otherCpu) {

        /** Share of {@code cores} taken by the evaluating threads. */
        double evalShare(int cores) {
            return evalCpu / (seconds * cores);
        }

        double otherShare(int cores) {
            return otherCpu / (seconds * cores);
        }
    }

    private record Snapshot(Instant at, Map<String, Long> ticksByThread) {
    }

    private static final Path PROC = Path.of("/proc");
    private static final long SELF = ProcessHandle.current().pid();

    private final double ticksPerSecond;
    private final Thread thread;
    private final List<Snapshot> snapshots = new ArrayList<>();
    private volatile boolean running = true;
    private volatile RuntimeException failure;

    private ThreadCpuSampler(double ticksPerSecond) {
        this.ticksPerSecond = ticksPerSecond;
        this.thread = new Thread(this::sampleUntilClosed, "thread-cpu-sampler");
        this.thread.setDaemon(true);
    }

    /** A running sampler, or null where there is no {@code /proc} (not Linux): the bench then prints no CPU columns. */
    static ThreadCpuSampler startIfAvailable() throws IOException, InterruptedException {
        if (!Files.isReadable(PROC.resolve("self/stat"))) {
            return null;
        }
        Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
        String ticks = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        getconf.waitFor();
        ThreadCpuSampler sampler = new ThreadCpuSampler(Double.parseDouble(ticks));
        sampler.thread.start();
        return sampler;
    }

    /** Forgets earlier snapshots (they are kept only to be asked for by {@link #usage}). */
    synchronized void restart() {
        snapshots.clear();
    }

    /**
     * The CPU used between the first and the last snapshot taken from {@code from} to {@code to}
     * (Instants of this machine's clock, which child processes share). A thread first seen after
     * the first of them counts from zero; one that ended between two snapshots loses what it used
     * after the last one that saw it (at most half a second of it).
     */
    synchronized Usage usage(Instant from, Instant to) {
        List<Snapshot> inside = snapshots.stream().filter(s -> !s.at().isBefore(from) && !s.at().isAfter(to)).toList();
        if (failure != null) {
            throw new IllegalStateException("sampling /proc stopped: " + failure.getMessage(), failure);
        }
        if (inside.size() < 2) {
            throw new IllegalStateException("fewer than two snapshots of /proc from " + from + " to " + to);
        }
        Snapshot first = inside.get(0);
        Map<String, Long> lastSeen = new HashMap<>();
        for (Snapshot s : inside) {
            lastSeen.putAll(s.ticksByThread());
        }
        long eval = 0;
        long other = 0;
        for (Map.Entry<String, Long> e : lastSeen.entrySet()) {
            long used = e.getValue() - first.ticksByThread().getOrDefault(e.getKey(), 0L);
            if (isEvaluating(e.getKey())) {
                eval += used;
            } else {
                other += used;
            }
        }
        double seconds = Duration.between(first.at(), inside.get(inside.size() - 1).at()).toNanos() / 1e9;
        return new Usage(seconds, eval / ticksPerSecond, other / ticksPerSecond);
    }

    /** Keys are {@code pid/tid/comm}; Linux cuts a thread's name to 15 characters. */
    private static boolean isEvaluating(String key) {
        String comm = key.substring(key.indexOf('/', key.indexOf('/') + 1) + 1);
        return comm.startsWith("Executor task") || comm.startsWith("plain-eval");
    }

    private void sampleUntilClosed() {
        while (running) {
            Snapshot s;
            try {
                s = snapshot();
            } catch (RuntimeException e) {
                failure = e; // reported by usage(), on the bench's thread
                return;
            }
            synchronized (this) {
                snapshots.add(s);
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static Snapshot snapshot() {
        Instant now = Instant.now();
        Map<String, Long> ticks = new HashMap<>();
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(PROC, p -> isNumber(p.getFileName().toString()))) {
            for (Path process : processes) {
                long pid = Long.parseLong(process.getFileName().toString());
                if (pid != SELF && isJava(process)) {
                    readThreads(process, pid, ticks);
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot list /proc", e);
        }
        return new Snapshot(now, ticks);
    }

    private static void readThreads(Path process, long pid, Map<String, Long> ticks) {
        try (DirectoryStream<Path> threads = Files.newDirectoryStream(process.resolve("task"))) {
            for (Path thread : threads) {
                String stat = Files.readString(thread.resolve("stat"), StandardCharsets.ISO_8859_1);
                int open = stat.indexOf('(');
                int close = stat.lastIndexOf(')');
                String[] fields = stat.substring(close + 2).split(" ");
                // fields[0] is the state (stat's 3rd field); utime and stime are stat's 14th and 15th
                long used = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                ticks.put(pid + "/" + thread.getFileName() + "/" + stat.substring(open + 1, close), used);
            }
        } catch (IOException | RuntimeException e) {
            // the process or thread ended while being read: it is simply not in this snapshot
        }
    }

    private static boolean isJava(Path process) {
        try {
            byte[] cmdline = Files.readAllBytes(process.resolve("cmdline"));
            int end = 0;
            while (end < cmdline.length && cmdline[end] != 0) {
                end++;
            }
            return new String(cmdline, 0, end, StandardCharsets.ISO_8859_1).endsWith("java");
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isNumber(String name) {
        return !name.isEmpty() && name.chars().allMatch(Character::isDigit);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join();
    }
}
