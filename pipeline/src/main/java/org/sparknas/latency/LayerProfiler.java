package org.sparknas.latency;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.sparknas.space.Architecture;
import org.sparknas.space.OfaSpace;
import org.sparknas.space.SubnetShape;
import org.sparknas.supernet.NoGrad;

/**
 * Measures every layer configuration of a space on the device of an {@link NDManager}, for a lookup
 * table (FBNet / Once-for-All style): it runs the few architectures of {@link SpaceLayers#covering}
 * ({@code warmup} untimed passes, then {@code repeats} timed ones) and times every layer inside those
 * passes ({@link StaticLayers#timedPass}), so each entry is the median time of that layer in a real
 * forward pass: its input in the memory format and with the values a pass gives it, the caches as its
 * predecessors leave them. A key is taken where it first appears in a round.
 *
 * <p>Every timed pass follows a pass of a fixed reference network ({@link SpeedReference}), and a
 * layer's samples are taken as ratios to that reference pass: the drift of the machine's speed
 * between one architecture and the next (large within seconds on a shared machine) then cancels,
 * and the entries of a table measured over minutes stay comparable. The median ratio times the
 * median of all reference passes of the batch size gives the entry in ms.
 *
 * <p>The whole walk is done {@code rounds} times and each entry keeps its median round, so that a
 * burst of other work that outlasts a pass spoils one round of a layer, not its entry.
 */
public final class LayerProfiler {

    private final NDManager manager;
    private final int warmup;
    private final int repeats;
    private final int rounds;

    public LayerProfiler(NDManager manager, int warmup, int repeats, int rounds) {
        if (warmup < 0 || repeats <= 0 || rounds <= 0) {
            throw new IllegalArgumentException("warm-up must be >= 0, repeats and rounds > 0; got " + warmup + ", " + repeats
                    + " and " + rounds);
        }
        this.manager = manager;
        this.warmup = warmup;
        this.repeats = repeats;
        this.rounds = rounds;
    }

    public List<LatencyEntry> profile(OfaSpace space, List<Integer> batches, Consumer<String> progress) {
        List<Architecture> covering = SpaceLayers.covering(space);
        List<LatencyEntry> entries = new ArrayList<>();
        for (int batch : batches) {
            long start = System.nanoTime();
            Map<LayerKey, List<Timing>> ratios = new LinkedHashMap<>();
            try (SpeedReference reference = new SpeedReference(space, batch, manager)) {
                warmUp(space.shape(covering.get(covering.size() - 1)), batch, reference);
                for (int round = 0; round < rounds; round++) {
                    Set<LayerKey> timedThisRound = new HashSet<>();
                    for (Architecture arch : covering) {
                        walk(space.shape(arch), batch, reference, timedThisRound, ratios);
                    }
                }
                double baseline = reference.baselineMs();
                ratios.forEach((key, list) -> entries.add(LatencyEntry.of(key, batch, Timing.middle(list).scaled(baseline))));
                progress.accept(String.format(Locale.ROOT, "batch %d: %d layer configurations from %d architectures, %d round(s),"
                        + " reference network %.3f ms, in %.1f s", batch, ratios.size(), covering.size(), rounds, baseline,
                        (System.nanoTime() - start) / 1e9));
            }
        }
        return entries;
    }

    /**
     * Runs one architecture {@code warmup} times, then {@code repeats} timed passes, each after a
     * reference pass, and keeps for each layer key not yet timed in this round the median (and
     * spread) of its time relative to the reference pass before it.
     */
    @SuppressWarnings("try") // resources held open for their scope (grad mode, NDScope)
    private void walk(SubnetShape shape, int batch, SpeedReference reference, Set<LayerKey> timedThisRound,
                      Map<LayerKey, List<Timing>> ratios) {
        List<LayerKey> keys = SpaceLayers.keys(shape);
        try (NDManager local = manager.newSubManager(); NoGrad ignored = NoGrad.enter()) {
            StaticLayers layers = new StaticLayers(shape, local);
            NDArray x = layers.input(local, batch);
            for (int i = 0; i < warmup; i++) {
                reference.warm();
                layers.timedPass(x);
            }
            double[][] samples = new double[layers.segmentCount()][repeats];
            for (int r = 0; r < repeats; r++) {
                double referenceMs = reference.pass();
                double[] pass = layers.timedPass(x);
                for (int s = 0; s < pass.length; s++) {
                    samples[s][r] = pass[s] / referenceMs;
                }
            }
            for (int s = 0; s < keys.size(); s++) {
                if (timedThisRound.add(keys.get(s))) {
                    ratios.computeIfAbsent(keys.get(s), k -> new ArrayList<>()).add(Timing.of(samples[s]));
                }
            }
        }
    }

    /**
     * A fresh process runs its first passes several times slower (engine start, allocator, oneDNN
     * kernel selection, CPU frequency); without this the first keys measured would carry that cost.
     */
    @SuppressWarnings("try") // resources held open for their scope (grad mode, NDScope)
    private void warmUp(SubnetShape shape, int batch, SpeedReference reference) {
        try (NDManager local = manager.newSubManager(); NoGrad ignored = NoGrad.enter()) {
            StaticLayers layers = new StaticLayers(shape, local);
            NDArray x = layers.input(local, batch);
            for (int i = 0; i < warmup + repeats; i++) {
                reference.warm();
                layers.timedPass(x);
            }
        }
    }
}
