package org.sparknas.train;

import java.util.SplittableRandom;

/**
 * The random streams of a training run, each derived from the run's seed and a position (phase,
 * epoch, step) rather than drawn from one long-lived generator. A position therefore determines
 * every random choice made there (data order, augmentation, resolution, sub-networks), so a
 * resumed run needs no generator state beyond its position and repeats the uninterrupted run.
 */
final class Seeds {

    /** Stream labels, so that two uses of the same position never share a stream. */
    static final long EPOCH_ORDER = 1;
    static final long STEP = 2;

    private Seeds() {
    }

    /** A generator for {@code seed} at the position {@code parts} (order matters). */
    static SplittableRandom random(long seed, long... parts) {
        long h = mix(seed ^ 0x6A09E667F3BCC909L);
        for (long p : parts) {
            h = mix(h ^ mix(p + 0x9E3779B97F4A7C15L));
        }
        return new SplittableRandom(h);
    }

    /** SplitMix64's finaliser: a bijection that spreads every input bit over the output. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
