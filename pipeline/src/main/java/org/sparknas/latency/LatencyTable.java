package org.sparknas.latency;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.sparknas.config.ConfigException;
import org.sparknas.space.OfaSpace;
import org.sparknas.space.Precision;
import org.sparknas.space.SubnetShape;

/**
 * A per-device latency lookup table (FBNet / Once-for-All style): the measured median latency of
 * every layer configuration a space can produce, per batch size. A sub-network's predicted latency
 * is the sum of its stem, block and head entries. Plain data, serialisable, so it is broadcast
 * with the evaluator.
 */
public final class LatencyTable implements Serializable {

    private static final long serialVersionUID = 1L;

    private final TableInfo info;
    private final List<LatencyEntry> entries;
    private final Map<Integer, Map<String, Double>> medians;
    private final boolean timesPrecisions;

    public LatencyTable(TableInfo info, List<LatencyEntry> entries) {
        this.info = info;
        this.entries = List.copyOf(entries);
        Map<Integer, Map<String, Double>> byBatch = new TreeMap<>();
        for (LatencyEntry e : this.entries) {
            Double before = byBatch.computeIfAbsent(e.batch(), b -> new HashMap<>()).put(e.key().text(), e.medianMs());
            if (before != null) {
                throw new IllegalArgumentException("latency table for device '" + info.device() + "' has two entries for "
                        + e.key() + " at batch " + e.batch());
            }
        }
        if (byBatch.isEmpty()) {
            throw new IllegalArgumentException("latency table for device '" + info.device() + "' has no entry");
        }
        this.medians = byBatch;
        this.timesPrecisions = LatencyEngine.of(info).timesPrecisions();
    }

    public TableInfo info() {
        return info;
    }

    public String device() {
        return info.device();
    }

    public List<LatencyEntry> entries() {
        return entries;
    }

    /** The batch sizes the table was measured at, ascending. */
    public Set<Integer> batches() {
        return Collections.unmodifiableSet(medians.keySet());
    }

    /** The median latency of one layer in ms. */
    public double ms(LayerKey key, int batch) {
        Map<String, Double> atBatch = medians.get(batch);
        Double ms = atBatch == null ? null : atBatch.get(key.text());
        if (ms == null) {
            throw new IllegalStateException("latency table for device '" + info.device() + "' has no entry " + key
                    + " at batch " + batch + " (it covers batches " + batches() + "); re-profile with "
                    + profileCommand(info.spaceName()));
        }
        return ms;
    }

    /**
     * Predicted latency of a whole sub-network in ms: stem + every active block + head, from the rows
     * of the network's own precision when the table's engine times precisions ({@link
     * LatencyEngine#timesPrecisions}), else from its fp32 rows.
     */
    public double predict(SubnetShape shape, int batch) {
        double total = 0;
        for (LayerKey key : SpaceLayers.keys(shape, timesPrecisions() ? shape.precision() : Precision.FP32)) {
            total += ms(key, batch);
        }
        return total;
    }

    private boolean timesPrecisions() {
        return timesPrecisions;
    }

    /**
     * Refuses a table made for another space (by network fingerprint: a table times layers, which the
     * precisions a space declares do not change) or one that lacks an entry the space can need,
     * naming the missing keys.
     *
     * @param source where the table was read from, named in the error
     */
    public LatencyTable requireFor(OfaSpace space, String source) {
        if (!info.spaceFingerprint().equals(space.networkFingerprint())) {
            throw new ConfigException("latency table " + source + " was measured for space '" + info.spaceName()
                    + "' (fingerprint " + abbreviate(info.spaceFingerprint()) + "), not for space '" + space.name()
                    + "' (fingerprint " + abbreviate(space.networkFingerprint()) + "); profile this space with"
                    + " `sparknas profile-latency --device " + info.device() + "` and point to the new table");
        }
        Set<LayerKey> needed = timesPrecisions() ? SpaceLayers.required(space, SpaceLayers.precisions(space))
                : SpaceLayers.required(space);
        for (int batch : batches()) {
            List<String> missing = new ArrayList<>();
            for (LayerKey key : new TreeSet<>(needed)) {
                if (!medians.get(batch).containsKey(key.text())) {
                    missing.add(key.text());
                }
            }
            if (!missing.isEmpty()) {
                throw new ConfigException("latency table " + source + " lacks " + missing.size() + " entr"
                        + (missing.size() == 1 ? "y" : "ies") + " that space '" + space.name() + "' needs at batch "
                        + batch + ", e.g. " + String.join(", ", missing.subList(0, Math.min(3, missing.size())))
                        + "; re-profile with " + profileCommand(space.name()));
            }
        }
        return this;
    }

    /** The command that writes this device's table again, on the engine that measured it. */
    private String profileCommand(String spaceName) {
        LatencyEngine engine = LatencyEngine.of(info);
        return "`sparknas profile-latency" + (engine == LatencyEngine.DJL ? "" : " --engine " + engine.optionName())
                + " --device " + info.device() + " --space <file of space '" + spaceName + "'>`";
    }

    private static String abbreviate(String sha) {
        return sha.length() > 12 ? sha.substring(0, 12) : sha;
    }

    @Override
    public String toString() {
        return "LatencyTable[" + info.device() + ", " + info.spaceName() + ", batches " + batches() + ", " + entries.size()
                + " entries]";
    }
}
