package org.sparknas.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** The bench's /proc sampler tells an evaluating thread's CPU from the other threads' of another JVM. */
@EnabledOnOs(OS.LINUX)
class ThreadCpuSamplerTest {

    private static final long SPIN_MS = 2500;

    @Test
    void attributesCpuToTheEvaluatingThreadByName() throws Exception {
        try (ThreadCpuSampler sampler = ThreadCpuSampler.startIfAvailable()) {
            assertNotNull(sampler, "/proc is readable on Linux");
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", ChildJvm.testClasspath(), Spinners.class.getName(), Long.toString(SPIN_MS))
                    .redirectErrorStream(true).start();
            // the child prints the window in which both of its threads spin; wait for it before asking
            String window = new String(child.getInputStream().readAllBytes()).trim();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS) && child.exitValue() == 0, window);
            Thread.sleep(700); // one more snapshot after the window
            String[] f = window.split(" ");
            ThreadCpuSampler.Usage usage = sampler.usage(Instant.ofEpochMilli(Long.parseLong(f[0])),
                    Instant.ofEpochMilli(Long.parseLong(f[1])));
            // both threads spin through the whole window, so each used about as much CPU as the window lasted
            // (snapshots every 0.5 s: the window sampled is up to a second shorter than the spin)
            assertEquals(usage.seconds(), usage.evalCpu(), 0.25, "eval CPU " + usage);
            assertTrue(usage.otherCpu() >= usage.seconds() - 0.25, "other CPU " + usage);
            assertTrue(usage.seconds() >= SPIN_MS / 1000.0 - 1.05, "window " + usage);
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
