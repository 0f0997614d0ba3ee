package org.sparknas.data;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * Reads and decodes images on a few threads of this JVM, the results in order: decoding a JPEG
 * costs far more than copying its bytes, and reads from an object store wait on the network. One
 * pool per JVM (daemon threads), shared by every collection, so that parallel Spark tasks on an
 * executor do not each start their own.
 */
final class DecodePool {

    /** Below this many images the calling thread does the work: handing them over costs more. */
    private static final int SERIAL_BELOW = 8;
    static final int THREADS = Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors()));
    private static final ExecutorService POOL = Executors.newFixedThreadPool(THREADS, task -> {
        Thread t = new Thread(task, "sparknas-image-decode");
        t.setDaemon(true);
        return t;
    });

    private DecodePool() {
    }

    /**
     * {@code work.apply(0 .. n-1)}, in order.
     *
     * @throws RuntimeException the first failure in index order (e.g. an {@link ImageReadException})
     */
    static byte[][] map(int n, IntFunction<byte[]> work) {
        byte[][] out = new byte[n][];
        if (n < SERIAL_BELOW || THREADS == 1) {
            for (int i = 0; i < n; i++) {
                out[i] = work.apply(i);
            }
            return out;
        }
        int chunks = Math.min(n, THREADS * 4);
        List<Future<?>> futures = new ArrayList<>(chunks);
        for (int c = 0; c < chunks; c++) {
            int from = (int) ((long) n * c / chunks);
            int to = (int) ((long) n * (c + 1) / chunks);
            futures.add(POOL.submit(() -> {
                for (int i = from; i < to; i++) {
                    out[i] = work.apply(i);
                }
            }));
        }
        RuntimeException failure = null;
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                futures.forEach(other -> other.cancel(true));
                throw new IllegalStateException("interrupted while decoding images", e);
            }
        }
        if (failure != null) {
            throw failure;
        }
        return out;
    }

    /** Puts decoded images one after the other. */
    static byte[] concat(byte[][] images, int imageBytes) {
        byte[] pixels = new byte[images.length * imageBytes];
        for (int i = 0; i < images.length; i++) {
            System.arraycopy(images[i], 0, pixels, i * imageBytes, imageBytes);
        }
        return pixels;
    }
}
