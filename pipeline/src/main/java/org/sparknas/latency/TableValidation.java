package org.sparknas.latency;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.sparknas.config.ConfigException;
import org.sparknas.space.Architecture;
import org.sparknas.space.OfaSpace;
import org.sparknas.space.SubnetShape;
import org.sparknas.strategy.Metrics;
import org.sparknas.supernet.ComputeDevice;
import org.sparknas.supernet.DjlRuntime;
import org.sparknas.supernet.NoGrad;

/**
 * Checks a lookup table against the device: for {@code count} random sub-networks (seeded), the
 * table's prediction against the end-to-end latency measured here, at one batch size, with the
 * table's own thread count. A benchmark, not a test: its numbers depend on the machine and on
 * whatever else runs on it.
 *
 * <p>Networks run on the engine of a {@link NetworkTimer} (DJL on {@code device} by default), timed
 * relative to a reference network (with DJL, each timed pass follows a pass of {@link SpeedReference});
 * a network's latency is the median of its ratios to the reference, over {@code rounds} rounds of the
 * whole sample, times the median of all reference passes. Timed plainly, the drift of
 * a shared machine's speed within seconds decides much of the ranking of networks of similar cost
 * (docs/hardware-aware.md); the raw median of
 * each network's passes is reported beside it ({@link Point#rawMs}) so that the difference shows.
 */
public record TableValidation(int count, long seed, int batch, int warmup, int repeats, int rounds) {

    /** One sub-network: the table's prediction, the drift-corrected measurement and the plain one, in ms. */
    public record Point(String archKey, double predictedMs, double measuredMs, double rawMs) {
    }

    /** Agreement of the prediction with the drift-corrected measurements, and with the plain ones. */
    public record Result(List<Point> points, Agreement agreement, Agreement rawAgreement) {
    }

    public Result run(OfaSpace space, LatencyTable table, ComputeDevice device, Consumer<Point> progress) {
        requireBatch(table);
        List<Architecture> archs = sample(space);
        Engine engine = DjlRuntime.configure(table.info().threads());
        try (DjlTimer timer = new DjlTimer(space, engine, device)) {
            return measure(archs, table, space, timer, progress);
        }
    }

    /**
     * The same check with networks timed by {@code timer} (another engine): the table's prediction
     * against the measurement for {@code count} random sub-networks of {@code space}.
     */
    public Result run(OfaSpace space, LatencyTable table, NetworkTimer timer, Consumer<Point> progress) {
        requireBatch(table);
        return measure(sample(space), table, space, timer, progress);
    }

    private Result measure(List<Architecture> archs, LatencyTable table, OfaSpace space, NetworkTimer timer,
                           Consumer<Point> progress) {
        LookupTableModel predicted = new LookupTableModel(space, Map.of(table.device(), table));
        String predictedMetric = Metrics.tableLatency(table.device(), batch);
        double[][] ratios = new double[archs.size()][rounds];
        double[][] raw = new double[archs.size()][rounds];
        // the first passes in a fresh process pay for engine and allocator start-up
        timer.round(space.shape(archs.get(0)));
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < archs.size(); i++) {
                NetworkTimer.Sample sample = timer.round(space.shape(archs.get(i)));
                ratios[i][r] = sample.ratio();
                raw[i][r] = sample.rawMs();
            }
        }
        double baseline = timer.baselineMs();
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < archs.size(); i++) {
            Architecture a = archs.get(i);
            Point p = new Point(a.key(), predicted.latencies(a).get(predictedMetric), Timing.median(ratios[i]) * baseline,
                    Timing.median(raw[i]));
            points.add(p);
            progress.accept(p);
        }
        double[] x = points.stream().mapToDouble(Point::predictedMs).toArray();
        return new Result(points, Agreement.of(x, points.stream().mapToDouble(Point::measuredMs).toArray()),
                Agreement.of(x, points.stream().mapToDouble(Point::rawMs).toArray()));
    }

    private void requireBatch(LatencyTable table) {
        if (!table.batches().contains(batch)) {
            throw new ConfigException("the table for device '" + table.device() + "' has batches "
                    + table.batches() + ", not " + batch);
        }
    }

    /** {@code count} distinct random architectures of {@code space}, drawn with {@code seed}. */
    private List<Architecture> sample(OfaSpace space) {
        if (space.size().compareTo(BigInteger.valueOf(count)) < 0) {
            throw new ConfigException("space '" + space.name() + "' has only " + space.size()
                    + " architectures; ask for at most that many (--count)");
        }
        SplittableRandom rng = new SplittableRandom(seed);
        List<Architecture> archs = new ArrayList<>();
        while (archs.size() < count) {
            Architecture a = space.sample(rng);
            if (archs.stream().noneMatch(a::equals)) {
                archs.add(a);
            }
        }
        return archs;
    }

    /** The DJL networks ({@link StaticLayers}) on one device, each timed pass after a pass of the reference. */
    private final class DjlTimer implements NetworkTimer {

        private final NDManager manager;
        private final NoGrad noGrad;
        private final SpeedReference reference;

        DjlTimer(OfaSpace space, Engine engine, ComputeDevice device) {
            this.manager = NDManager.newBaseManager(DjlRuntime.device(engine, device), engine.getEngineName());
            this.noGrad = NoGrad.enter();
            this.reference = new SpeedReference(space, batch, manager);
        }

        /** {@code warmup} untimed passes, then {@code repeats} timed ones, each after a reference pass. */
        @Override
        public Sample round(SubnetShape shape) {
            try (NDManager local = manager.newSubManager()) {
                StaticLayers network = new StaticLayers(shape, local);
                NDArray input = network.input(local, batch);
                for (int i = 0; i < warmup; i++) {
                    reference.warm();
                    Stopwatch.once(() -> network.runAll(input));
                }
                double[] ratio = new double[repeats];
                double[] ms = new double[repeats];
                for (int i = 0; i < repeats; i++) {
                    double referenceMs = reference.pass();
                    ms[i] = Stopwatch.once(() -> network.runAll(input));
                    ratio[i] = ms[i] / referenceMs;
                }
                return new Sample(Timing.median(ratio), Timing.median(ms));
            }
        }

        @Override
        public double baselineMs() {
            return reference.baselineMs();
        }

        @Override
        public void close() {
            reference.close();
            noGrad.close();
            manager.close();
        }
    }
}
