package org.sparknas.eval;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.sparknas.latency.LatencyModel;
import org.sparknas.latency.LatencySettings;
import org.sparknas.latency.LatencyTable;
import org.sparknas.latency.LookupTableModel;
import org.sparknas.latency.MeasureSettings;
import org.sparknas.latency.MeasuredLatencyModel;
import org.sparknas.space.OfaSpace;
import org.sparknas.space.SearchSpace;
import org.sparknas.supernet.ComputeDevice;
import org.sparknas.supernet.DjlRuntime;
import org.sparknas.supernet.SpaceCodec;

/**
 * Adds latency metrics to whatever another evaluator measures: the lookup tables' predictions
 * ({@code latency_<device>_b<batch>}) and, when configured, the end-to-end latency measured on the
 * executor's device ({@code measured_latency_<device>_b<batch>}). The tables were read once on the
 * driver and travel inside this factory, in the evaluator's broadcast. Latency depends only on the
 * architecture, never on the supernet's weights, so any evaluator of an Once-for-All space gets it.
 */
public final class LatencyEvaluatorFactory implements EvaluatorFactory {

    private static final long serialVersionUID = 1L;

    private final EvaluatorFactory inner;
    private final String spaceDefinition;
    private final TreeMap<String, LatencyTable> tables;
    private final MeasureSettings measure;
    private final String latencyDescription;
    private final TreeSet<String> latencyMetrics;

    private LatencyEvaluatorFactory(EvaluatorFactory inner, OfaSpace space, LatencySettings latency) {
        this.inner = inner;
        this.spaceDefinition = SpaceCodec.toConfig(space).root().render(ConfigRenderOptions.concise());
        this.tables = new TreeMap<>(latency.tables());
        this.measure = latency.measure().orElse(null);
        this.latencyDescription = latency.describe();
        this.latencyMetrics = new TreeSet<>(latency.metrics());
    }

    /** {@code inner} with the configured latency metrics added; {@code inner} itself when none are configured. */
    public static EvaluatorFactory attach(EvaluatorFactory inner, SearchSpace space, LatencySettings latency) {
        if (!latency.configured()) {
            return inner;
        }
        return new LatencyEvaluatorFactory(inner, OfaSpace.require(space, "latency metrics need one"), latency);
    }

    @Override
    public Evaluator create(ComputeDevice device, int threads) {
        OfaSpace space = SpaceCodec.fromConfig(ConfigFactory.parseString(spaceDefinition), "the broadcast space");
        Evaluator evaluator = inner.create(device, threads);
        List<LatencyModel> models = new ArrayList<>();
        models.add(new LookupTableModel(space, tables));
        NDManager manager = null;
        if (measure != null) {
            try {
                Engine engine = DjlRuntime.configure(threads);
                manager = NDManager.newBaseManager(DjlRuntime.device(engine, device), engine.getEngineName());
                models.add(new MeasuredLatencyModel(space, manager, measure));
            } catch (RuntimeException e) {
                evaluator.close();
                throw e;
            }
        }
        return new LatencyEvaluator(evaluator, models, manager);
    }

    @Override
    public Set<String> metrics() {
        Set<String> names = new TreeSet<>(inner.metrics());
        names.addAll(latencyMetrics);
        return names;
    }

    @Override
    public String describe() {
        return inner.describe() + "; latency: " + latencyDescription;
    }
}
