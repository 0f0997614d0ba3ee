package org.sparknas.latency.ort;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.sparknas.latency.LatencyEntry;
import org.sparknas.latency.LayerKey;
import org.sparknas.latency.SpaceLayers;
import org.sparknas.latency.Timing;
import org.sparknas.space.Architecture;
import org.sparknas.space.OfaSpace;
import org.sparknas.space.Precision;
import org.sparknas.space.SubnetShape;

/**
 * Measures every layer configuration of a space in ONNX Runtime, for a lookup table: each layer key
 * (stem, MBConv block, head), at each precision the space declares, is its own small ONNX graph
 * ({@link LayerGraph}; int8 ones from {@link Int8LayerGraphs}) in its own session, run
 * {@code warmup} times untimed, then {@code repeats} times timed.
 *
 * <p>As in the DJL profiler, samples are ratios to a reference network timed just before
 * ({@link OrtSpeedReference}: here the median of its passes right before each layer's repeats), so
 * that the drift of a shared machine's speed cancels; the median ratio times the median of all
 * reference passes gives ms. The whole walk over the keys is done {@code rounds} times and each
 * entry keeps its median round.
 *
 * <p>Every session call costs something besides its layers (JNI, binding the input, allocating and
 * releasing outputs): a whole network pays it once, a sum of one-layer graphs once per layer. It is
 * measured the same way on a one-value graph ({@link LayerGraph#callOverhead}) and taken off every
 * block and head entry, while the stem entry keeps it: a network's prediction, stem + blocks + head,
 * then counts it once, as the network's own call does.
 */
public final class OrtLayerProfiler {

    private final int threads;
    private final int warmup;
    private final int repeats;
    private final int rounds;

    public OrtLayerProfiler(int threads, int warmup, int repeats, int rounds) {
        if (threads <= 0 || warmup < 0 || repeats <= 0 || rounds <= 0) {
            throw new IllegalArgumentException("threads must be > 0, warm-up >= 0, repeats and rounds > 0; got " + threads
                    + ", " + warmup + ", " + repeats + " and " + rounds);
        }
        this.threads = threads;
        this.warmup = warmup;
        this.repeats = repeats;
        this.rounds = rounds;
    }

    /**
     * Every layer key of {@code space} at each precision it declares (fp32 when none), each with its
     * one-layer graph, from the covering architectures: fp32 graphs, and int8 graphs cut from the
     * quantized networks ({@link Int8LayerGraphs}).
     */
    static Map<LayerKey, LayerGraph> graphs(OfaSpace space) {
        Map<LayerKey, LayerGraph> graphs = new LinkedHashMap<>();
        List<Architecture> covering = SpaceLayers.covering(space);
        for (Precision precision : SpaceLayers.precisions(space)) {
            for (int i = 0; i < covering.size(); i++) {
                SubnetShape shape = space.shape(covering.get(i));
                List<LayerKey> keys = SpaceLayers.keys(shape, precision);
                if (graphs.keySet().containsAll(keys)) {
                    continue;
                }
                List<LayerGraph> layers = switch (precision) {
                    case FP32 -> LayerGraph.layers(shape, i);
                    case INT8 -> Int8LayerGraphs.layers(shape, i, keys);
                };
                for (LayerGraph layer : layers) {
                    graphs.putIfAbsent(layer.key(), layer);
                }
            }
        }
        return graphs;
    }

    public List<LatencyEntry> profile(OfaSpace space, List<Integer> batches, Consumer<String> progress) {
        Map<LayerKey, LayerGraph> graphs = graphs(space);
        List<LatencyEntry> entries = new ArrayList<>();
        for (int batch : batches) {
            long start = System.nanoTime();
            Map<LayerKey, TimedSession> sessions = new LinkedHashMap<>();
            LayerGraph overheadGraph = LayerGraph.callOverhead();
            try (OrtSpeedReference reference = new OrtSpeedReference(space, batch, threads);
                 TimedSession overhead = TimedSession.open(overheadGraph.graph(), overheadGraph.inputShape(batch), threads, 0)) {
                graphs.forEach((key, g) -> sessions.put(key, TimedSession.open(g.graph(), g.inputShape(batch), threads, 1)));
                // a fresh process runs its first calls several times slower (allocator, kernel selection, CPU frequency)
                reference.warm(warmup + repeats);
                Map<LayerKey, List<Timing>> ratios = new LinkedHashMap<>();
                List<Timing> overheadRatios = new ArrayList<>();
                for (int round = 0; round < rounds; round++) {
                    overheadRatios.add(ratios(overhead, reference));
                    sessions.forEach((key, session) -> ratios.computeIfAbsent(key, k -> new ArrayList<>())
                            .add(ratios(session, reference)));
                }
                double baseline = reference.baselineMs();
                double callMs = Timing.middle(overheadRatios).scaled(baseline).medianMs();
                ratios.forEach((key, list) -> {
                    Timing t = Timing.middle(list).scaled(baseline);
                    entries.add(LatencyEntry.of(key, batch, key.kind() == LayerKey.Kind.STEM ? t : less(t, callMs)));
                });
                progress.accept(String.format(Locale.ROOT, "batch %d: %d layer configurations, %d round(s), reference network"
                        + " %.3f ms, call overhead %.4f ms (kept in the stem entries, taken off the others), in %.1f s",
                        batch, ratios.size(), rounds, baseline, callMs, (System.nanoTime() - start) / 1e9));
            } finally {
                sessions.values().forEach(TimedSession::close);
            }
        }
        return entries;
    }

    /**
     * One layer once: the reference's speed, warm-up runs (which also bring the layer's weights back
     * into the caches after the reference), then the repeats as ratios to that speed.
     */
    private Timing ratios(TimedSession session, OrtSpeedReference reference) {
        double referenceMs = reference.now();
        session.warm(warmup);
        double[] samples = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            samples[r] = session.runMs() / referenceMs;
        }
        return Timing.of(samples);
    }

    /** {@code t} less the call overhead, not below zero. */
    private static Timing less(Timing t, double callMs) {
        return new Timing(Math.max(0, t.medianMs() - callMs), Math.max(0, t.p10Ms() - callMs), Math.max(0, t.p90Ms() - callMs));
    }
}
