package org.sparknas.jobs;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A self-check of the bench's /proc sampler, run by {@code bench/search-throughput.sh} before it
 * measures: a child JVM spins two threads for a fixed time, one named as the plain loop's evaluating
 * threads and one not, and the sampler must count the first as evaluation CPU and the second apart.
 * It prints the figures and fails (exit 1) when the attribution is wrong. It is not a unit test: how
 * much CPU a spinning thread gets depends on the machine's load, so only a benchmark may look at it.
 */
final class ThreadCpuSamplerCheck {

    private static final long SPIN_MS = 2500;

    private ThreadCpuSamplerCheck() {
    }

    public static void main(String[] args) throws Exception {
        try (ThreadCpuSampler sampler = ThreadCpuSampler.startIfAvailable()) {
            if (sampler == null) {
                System.out.println("sampler self-check: /proc is not readable here; the CPU columns will print '-'");
                return;
            }
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), Spinners.class.getName(), Long.toString(SPIN_MS))
                    .redirectErrorStream(true).start();
            // the child prints the window in which both of its threads spin; wait for it before asking
            String window = new String(child.getInputStream().readAllBytes()).trim();
            if (!child.waitFor(30, TimeUnit.SECONDS) || child.exitValue() != 0) {
                throw new IllegalStateException("the spinning child JVM failed: " + window);
            }
            Thread.sleep(700); // one more snapshot after the window
            String[] f = window.split(" ");
            ThreadCpuSampler.Usage usage = sampler.usage(Instant.ofEpochMilli(Long.parseLong(f[0])),
                    Instant.ofEpochMilli(Long.parseLong(f[1])));
            System.out.printf(Locale.ROOT, "sampler self-check: window %.2f s, eval thread %.2f s CPU, other thread %.2f s CPU%n",
                    usage.seconds(), usage.evalCpu(), usage.otherCpu());
            // On an idle machine each spinning thread gets about the whole window. Both must be seen at
            // all, and apart: a misnamed thread would put all CPU on one side.
            if (usage.evalCpu() <= 0 || usage.otherCpu() <= 0) {
                System.out.println("sampler self-check FAILED: the evaluating thread's CPU is not told apart from the other's");
                System.exit(1);
            }
        }
    }

    /** A child JVM: one thread named as the plain loop's evaluating threads and one other, both spinning. */
    public static final class Spinners {
        public static void main(String[] args) throws Exception {
            long millis = Long.parseLong(args[0]);
            Instant from = Instant.now();
            long until = System.nanoTime() + millis * 1_000_000;
            List<Thread> threads = List.of(new Thread(() -> spin(until), "plain-eval-0"), new Thread(() -> spin(until), "spinner"));
            threads.forEach(Thread::start);
            for (Thread t : threads) {
                t.join();
            }
            System.out.println(from.toEpochMilli() + " " + Instant.now().toEpochMilli());
        }

        private static void spin(long untilNanos) {
            long x = 0;
            while (System.nanoTime() < untilNanos) {
                x += x * 31 + 7;
            }
            if (x == 42) {
                System.out.println(x);
            }
        }
    }
}
