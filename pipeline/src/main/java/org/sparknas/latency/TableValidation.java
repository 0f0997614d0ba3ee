package org.sparknas.latency;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.sparknas.config.ConfigException;
import org.sparknas.eval.ComputeDevice;
import org.sparknas.eval.DjlRuntime;
import org.sparknas.space.Architecture;
import org.sparknas.space.OfaSpace;
import org.sparknas.strategy.Metrics;

/**
 * Checks a lookup table against the device: for {@code count} random sub-networks (seeded), the
 * table's prediction against the end-to-end latency measured here, at one batch size, with the
 * table's own thread count. A benchmark, not a test: its numbers depend on the machine and on
 * whatever else runs on it. Each sub-network is measured in {@code rounds} rounds over the whole
 * sample and keeps its fastest round, as the table's entries do ({@link Timing#fastest}), so a burst
 * of other work on the machine spoils one round of a few networks, not their ranking.
 */
public record TableValidation(int count, long seed, int batch, int warmup, int repeats, int rounds) {

    /** One sub-network: its prediction and its measurement, in ms. */
    public record Point(String archKey, double predictedMs, double measuredMs) {
    }

    public record Result(List<Point> points, Agreement agreement) {
    }

    public Result run(OfaSpace space, LatencyTable table, ComputeDevice device, Consumer<Point> progress) {
        if (!table.batches().contains(batch)) {
            throw new ConfigException("the table for device '" + table.device() + "' has batches "
                    + table.batches() + ", not " + batch);
        }
        LookupTableModel predicted = new LookupTableModel(space, Map.of(table.device(), table));
        MeasureSettings measure = new MeasureSettings(table.device(), List.of(batch), warmup, repeats);
        String predictedMetric = Metrics.tableLatency(table.device(), batch);
        String measuredMetric = Metrics.measuredLatency(table.device(), batch);
        if (space.size().compareTo(BigInteger.valueOf(count)) < 0) {
            throw new ConfigException("space '" + space.name() + "' has only " + space.size()
                    + " architectures; ask for fewer than " + count);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        List<Architecture> archs = new ArrayList<>();
        while (archs.size() < count) {
            Architecture a = space.sample(rng);
            if (archs.stream().noneMatch(a::equals)) {
                archs.add(a);
            }
        }
        Engine engine = DjlRuntime.configure(table.info().threads());
        List<Point> points = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager(DjlRuntime.device(engine, device), engine.getEngineName())) {
            MeasuredLatencyModel measured = new MeasuredLatencyModel(space, manager, measure);
            measured.latencies(archs.get(0)); // the first measurement in a fresh process pays for engine and allocator start-up
            double[][] perRound = new double[archs.size()][rounds];
            for (int r = 0; r < rounds; r++) {
                for (int i = 0; i < archs.size(); i++) {
                    perRound[i][r] = measured.latencies(archs.get(i)).get(measuredMetric);
                }
            }
            for (int i = 0; i < archs.size(); i++) {
                Architecture a = archs.get(i);
                Point p = new Point(a.key(), predicted.latencies(a).get(predictedMetric),
                        Arrays.stream(perRound[i]).min().orElseThrow());
                points.add(p);
                progress.accept(p);
            }
        }
        double[] x = points.stream().mapToDouble(Point::predictedMs).toArray();
        double[] y = points.stream().mapToDouble(Point::measuredMs).toArray();
        return new Result(points, Agreement.of(x, y));
    }
}
