package org.sparknas.search;

import com.typesafe.config.Config;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;
import org.sparknas.config.StrictConfig;
import org.sparknas.eval.Evaluator;
import org.sparknas.eval.EvaluatorFactory;
import org.sparknas.eval.EvaluatorProvider;
import org.sparknas.space.Architecture;
import org.sparknas.space.OfaSpace;
import org.sparknas.space.SearchSpace;
import org.sparknas.space.SearchSpaces;
import org.sparknas.strategy.Metrics;
import org.sparknas.supernet.ComputeDevice;

/**
 * A deterministic evaluator for testing the Spark plumbing without DJL: MACs and parameters from
 * the cost model, and an accuracy that grows with MACs plus a fixed per-architecture offset.
 * Settings ({@code evaluator.settings}): {@code sleep-ms} per candidate, {@code fail-resolution}
 * (candidates at that resolution throw), {@code crash-first-attempt} (the first attempt of every
 * task throws an {@code OutOfMemoryError}, which becomes a failed trial).
 */
public final class FormulaEvaluatorProvider implements EvaluatorProvider {

    /** Evaluators created in this JVM (the driver's, in local mode). */
    public static final AtomicInteger CREATED = new AtomicInteger();

    @Override
    public Prepared prepare(SearchSpace space, Config config, FileReader files) {
        Config settings = config.hasPath("evaluator.settings") ? config.getConfig("evaluator.settings")
                : com.typesafe.config.ConfigFactory.empty();
        String spaceHocon = config.getConfig("space").root().render(com.typesafe.config.ConfigRenderOptions.concise());
        return new Prepared(new Factory(spaceHocon, settings.hasPath("sleep-ms") ? settings.getInt("sleep-ms") : 0,
                settings.hasPath("fail-resolution") ? settings.getInt("fail-resolution") : -1,
                settings.hasPath("crash-first-attempt") && settings.getBoolean("crash-first-attempt")), "formula-v1");
    }

    record Factory(String spaceHocon, int sleepMs, int failResolution, boolean crashFirstAttempt) implements EvaluatorFactory {

        @Override
        public Evaluator create(ComputeDevice device, int threads) {
            CREATED.incrementAndGet();
            OfaSpace space = (OfaSpace) SearchSpaces.fromConfig(new StrictConfig(
                    com.typesafe.config.ConfigFactory.parseString(spaceHocon), "space"));
            return new FormulaEvaluator(space, this);
        }

        @Override
        public Set<String> metrics() {
            return Set.of(Metrics.ACCURACY, Metrics.LOSS, Metrics.MACS, Metrics.PARAMS, Metrics.MODEL_BYTES);
        }

        @Override
        public String describe() {
            return "formula evaluator (tests)";
        }
    }

    static final class FormulaEvaluator implements Evaluator {
        private final OfaSpace space;
        private final Factory settings;

        FormulaEvaluator(OfaSpace space, Factory settings) {
            this.space = space;
            this.settings = settings;
        }

        @Override
        public Set<String> metrics() {
            return settings.metrics();
        }

        @Override
        public Map<String, Double> evaluate(Architecture a, int fidelity) {
            TaskContext task = TaskContext.get();
            if (settings.crashFirstAttempt() && task != null && task.attemptNumber() == 0) {
                throw new OutOfMemoryError("simulated executor failure on the first attempt");
            }
            if (settings.sleepMs() > 0) {
                try {
                    Thread.sleep(settings.sleepMs());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (space.decode(a).resolution() == settings.failResolution()) {
                throw new IllegalStateException("simulated failure at resolution " + settings.failResolution());
            }
            double macs = space.macs(a);
            double offset = (Math.floorMod(a.key().hashCode(), 1000) - 500) / 50_000.0;
            double accuracy = 0.6 + 0.35 * (1 - Math.exp(-macs / 2e6)) + offset;
            // model bytes as an fp32 model's weights would take, a quarter of that at int8
            double bytes = 4.0 * space.params(a) * space.shape(a).precision().bits() / 32;
            return Map.of(Metrics.ACCURACY, accuracy, Metrics.LOSS, 1 - accuracy, Metrics.MACS, macs,
                    Metrics.PARAMS, (double) space.params(a), Metrics.MODEL_BYTES, bytes);
        }

        @Override
        public void close() {
        }
    }
}
