package org.sparknas.spark;

import java.util.Map;
import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.PluginContext;
import org.apache.spark.api.plugin.SparkPlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparknas.supernet.DjlRuntime;

/**
 * Starts DJL's PyTorch engine when an executor starts
 * ({@code --conf spark.plugins=org.sparknas.spark.EnginePreloadPlugin}). Without it every executor
 * loads libtorch inside the first generation's first task; with it the load overlaps the driver's
 * own start (reading the images, broadcasting the weights). The engine gets the intra-op thread
 * count that tasks use ({@code spark.task.cpus}), the setting being process-wide in PyTorch.
 *
 * <p>A failure is logged, not thrown: Spark would otherwise relaunch the executor without end. The
 * first task then tries again and fails with the full error, and so does the run (status failed in
 * the runs table, its stored generations kept for a resume).
 */
public final class EnginePreloadPlugin implements SparkPlugin {

    private static final Logger LOG = LoggerFactory.getLogger(EnginePreloadPlugin.class);

    @Override
    public DriverPlugin driverPlugin() {
        return null;
    }

    @Override
    public ExecutorPlugin executorPlugin() {
        return new ExecutorPlugin() {
            @Override
            public void init(PluginContext context, Map<String, String> extraConf) {
                preload(context.conf().getInt("spark.task.cpus", 1));
            }
        };
    }

    /** Starts the engine with {@code threads} intra-op threads; a warning where it cannot start. */
    private static void preload(int threads) {
        long start = System.nanoTime();
        try {
            String version = DjlRuntime.start(threads);
            LOG.info("sparknas: DJL engine {} started at executor start in {} ms, {} intra-op thread(s)", version,
                    (System.nanoTime() - start) / 1_000_000, threads);
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("sparknas: DJL engine could not start at executor start; the first task will try again and"
                    + " report the error: {}", e.toString());
        }
    }
}
