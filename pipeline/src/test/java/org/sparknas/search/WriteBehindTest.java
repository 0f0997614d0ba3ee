package org.sparknas.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.UncheckedIOException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class WriteBehindTest {

    @Test
    void writesRunOnAnotherThreadInTheOrderTheyWereSubmitted() {
        List<Integer> written = Collections.synchronizedList(new ArrayList<>());
        List<String> threads = Collections.synchronizedList(new ArrayList<>());
        try (WriteBehind writes = new WriteBehind()) {
            for (int i = 0; i < 200; i++) {
                int n = i;
                writes.submit(() -> {
                    if (n % 50 == 0) {
                        sleep(5); // a slow write does not let later ones overtake it
                    }
                    written.add(n);
                    threads.add(Thread.currentThread().getName());
                });
            }
            writes.awaitAll();
        }
        assertEquals(IntStream.range(0, 200).boxed().toList(), written);
        assertEquals(List.of("sparknas-store-writes"), threads.stream().distinct().toList());
        assertNotEquals(Thread.currentThread().getName(), threads.get(0));
    }

    @Test
    void submitReturnsWithoutWaitingForTheWrite() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<String> written = Collections.synchronizedList(new ArrayList<>());
        try (WriteBehind writes = new WriteBehind()) {
            writes.submit(() -> {
                await(release);
                written.add("generation 0");
            });
            assertEquals(List.of(), written); // the loop goes on while the write waits
            release.countDown();
            writes.awaitAll();
        }
        assertEquals(List.of("generation 0"), written);
    }

    @Test
    void aFailedWriteSkipsEveryLaterOneAndEveryLaterCallThrowsIt() throws Exception {
        UncheckedIOException diskFull = new UncheckedIOException("cannot write gen-00001.parquet: No space left on device",
                new IOException("No space left on device"));
        List<String> written = Collections.synchronizedList(new ArrayList<>());
        try (WriteBehind writes = new WriteBehind()) {
            CountDownLatch queued = new CountDownLatch(1);
            writes.submit(() -> written.add("trials 0"));
            writes.submit(() -> {
                await(queued); // fails only once the next write is queued behind it
                throw diskFull;
            });
            writes.submit(() -> written.add("pareto 1")); // queued behind the failure: never written
            queued.countDown();
            assertSame(diskFull, assertThrows(UncheckedIOException.class, writes::awaitAll));
            assertSame(diskFull, assertThrows(UncheckedIOException.class, () -> writes.submit(() -> written.add("trials 2"))));
            assertSame(diskFull, assertThrows(UncheckedIOException.class, writes::awaitAll));
        }
        assertEquals(List.of("trials 0"), written);
    }

    @Test
    void aRunFailingForAnotherReasonStillWaitsForItsWritesAndKeepsTheirFailuresAsSuppressed() {
        List<String> written = Collections.synchronizedList(new ArrayList<>());
        IllegalStateException lostExecutor = new IllegalStateException("executor lost");
        try (WriteBehind writes = new WriteBehind()) {
            writes.submit(() -> {
                sleep(20);
                written.add("trials 0");
            });
            writes.submit(() -> {
                throw new UncheckedIOException(new IOException("permission denied"));
            });
            writes.awaitAll(lostExecutor);
        }
        assertEquals(List.of("trials 0"), written);
        assertEquals(1, lostExecutor.getSuppressed().length);
        assertEquals("java.io.IOException: permission denied", lostExecutor.getSuppressed()[0].getMessage());
    }

    @Test
    void aRunThatFailedBecauseOfAWriteGetsThatFailureOnceNotAsItsOwnSuppressed() {
        UncheckedIOException diskFull = new UncheckedIOException(new IOException("No space left on device"));
        try (WriteBehind writes = new WriteBehind()) {
            CountDownLatch queued = new CountDownLatch(1);
            writes.submit(() -> {
                await(queued);
                throw diskFull;
            });
            writes.submit(() -> sleep(50)); // queued behind the failing write
            queued.countDown();
            RuntimeException runFailure = assertThrows(UncheckedIOException.class, writes::awaitAll);
            writes.awaitAll(runFailure); // what SearchLoop does next: must not throw "Self-suppression not permitted"
            assertSame(diskFull, runFailure);
            assertEquals(0, runFailure.getSuppressed().length);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
