package org.sparknas.latency;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Consumer;
import org.sparknas.space.OfaSpace;
import org.sparknas.supernet.ComputeDevice;
import org.sparknas.supernet.DjlRuntime;

/**
 * Builds one device's latency table where it runs: brings up the engine with the thread count the
 * table is for, profiles every layer of the space on {@code device}, and records what it ran on.
 *
 * @param deviceName the name the table's metrics will carry ({@code latency_<deviceName>_b<batch>})
 * @param rounds     walks over the space; each entry keeps its median round (see {@link LayerProfiler})
 * @param threads    intra-op threads; a Spark evaluation task uses {@code spark.task.cpus} (1 unless set),
 *                   so profile with that count for tables that match measured latency on executors
 */
public record LatencyProfiling(String deviceName, ComputeDevice device, int threads, List<Integer> batches, int warmup,
                               int repeats, int rounds) {

    public LatencyProfiling {
        DeviceNames.check(deviceName);
        batches = List.copyOf(new java.util.TreeSet<>(batches));
        if (batches.isEmpty() || batches.get(0) <= 0) {
            throw new IllegalArgumentException("batch sizes must be positive, got " + batches);
        }
        if (threads <= 0) {
            throw new IllegalArgumentException("threads must be positive, got " + threads);
        }
        new Stopwatch(warmup, repeats);
        if (rounds <= 0) {
            throw new IllegalArgumentException("rounds must be positive, got " + rounds);
        }
    }

    public LatencyTable run(OfaSpace space, Consumer<String> progress) {
        Engine engine = DjlRuntime.configure(threads);
        try (NDManager manager = NDManager.newBaseManager(DjlRuntime.device(engine, device), engine.getEngineName())) {
            List<LatencyEntry> entries = new LayerProfiler(manager, warmup, repeats, rounds).profile(space, batches, progress);
            TableInfo info = new TableInfo(space.name(), space.networkFingerprint(), deviceName, device.toString(), threads,
                    hardware(device), engine.getEngineName() + " " + engine.getVersion() + " (DJL " + Engine.getDjlVersion() + ")",
                    warmup, repeats, Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
            return new LatencyTable(info, entries);
        }
    }

    /** A description of the machine: the CPU model (Linux), cores, OS; the GPU index on a GPU. */
    public static String hardware(ComputeDevice device) {
        String cpu = System.getProperty("os.arch");
        try {
            Path info = Path.of("/proc/cpuinfo");
            if (Files.isReadable(info)) {
                cpu = Files.readAllLines(info).stream().filter(l -> l.startsWith("model name")).findFirst()
                        .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(cpu);
            }
        } catch (IOException | RuntimeException e) {
            // the architecture name is description enough
        }
        String host = cpu + ", " + Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.name");
        return device.isGpu() ? device + " on " + host : host;
    }
}
