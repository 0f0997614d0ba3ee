package org.sparknas.latency.ort;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.sparknas.latency.DeviceNames;
import org.sparknas.latency.LatencyEngine;
import org.sparknas.latency.LatencyEntry;
import org.sparknas.latency.LatencyProfiling;
import org.sparknas.latency.LatencyTable;
import org.sparknas.latency.TableInfo;
import org.sparknas.onnx.OnnxSession;
import org.sparknas.space.OfaSpace;
import org.sparknas.supernet.ComputeDevice;

/**
 * Builds a latency table of ONNX Runtime's CPU provider where it runs (the ONNX Runtime counterpart
 * of {@link LatencyProfiling}): every layer of the space measured by {@link OrtLayerProfiler} with
 * {@code threads} intra-op threads, recorded with the engine's name and version, which
 * {@link LatencyEngine#of} reads back to validate the table on the same engine.
 *
 * @param deviceName the name the table's metrics will carry ({@code latency_<deviceName>_b<batch>})
 * @param threads    intra-op threads of every session (1 = one core, as the DJL {@code cpu} table)
 */
public record OrtLatencyProfiling(String deviceName, int threads, List<Integer> batches, int warmup, int repeats,
                                  int rounds) {

    public OrtLatencyProfiling {
        DeviceNames.check(deviceName);
        batches = List.copyOf(new TreeSet<>(batches));
        if (batches.isEmpty() || batches.get(0) <= 0) {
            throw new IllegalArgumentException("batch sizes must be positive, got " + batches);
        }
        new OrtLayerProfiler(threads, warmup, repeats, rounds);
    }

    public LatencyTable run(OfaSpace space, Consumer<String> progress) {
        List<LatencyEntry> entries = new OrtLayerProfiler(threads, warmup, repeats, rounds).profile(space, batches, progress);
        TableInfo info = new TableInfo(space.name(), space.networkFingerprint(), deviceName, ComputeDevice.CPU.toString(), threads,
                LatencyProfiling.hardware(ComputeDevice.CPU), engineName(), warmup, repeats,
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        return new LatencyTable(info, entries);
    }

    /** What the table's {@code engine} header says: {@link LatencyEngine#ONNX_RUNTIME}'s name and the version. */
    static String engineName() {
        return LatencyEngine.ONNX_RUNTIME.tableName() + " " + OnnxSession.environment().getVersion()
                + " (CPU provider, all graph optimisations)";
    }
}
