package org.sparknas.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.sparknas.config.ConfigException;
import org.sparknas.latency.LatencyEngine;
import org.sparknas.latency.LatencyEntry;
import org.sparknas.latency.LatencyProfiling;
import org.sparknas.latency.LatencyTable;
import org.sparknas.latency.TableInfo;
import org.sparknas.latency.Timing;
import org.sparknas.latency.ort.OrtLatencyProfiling;
import org.sparknas.space.OfaSpace;
import org.sparknas.supernet.ComputeDevice;
import org.sparknas.supernet.SpaceCodec;

/**
 * Profiles a space's layers on executors: a Spark job of {@code tasks} tasks, each profiling on its
 * own executor's device (the GPU Spark assigned to the task, else the CPU). Results are grouped by
 * device kind ({@code cpu} or {@code gpu}) and named by the user's map of kind to device name; the
 * tasks of one kind are merged entry by entry by their median, so one slow executor does not decide
 * the table. In local mode this is one task in the driver's JVM.
 *
 * <p>Tasks that share a machine share its cores and disturb each other's timings: give each task
 * its executor to itself ({@code spark.task.cpus} = the executor's cores) when profiling a cluster.
 */
public final class LatencyProfilingJob {

    /** What one task measured, where, and the profiler's progress lines. */
    record TaskTable(String kind, String executor, LatencyTable table, List<String> log) implements Serializable {
    }

    private final SparkSession spark;

    public LatencyProfilingJob(SparkSession spark) {
        this.spark = spark;
    }

    /** DJL tables ({@link LatencyEngine#DJL}). */
    public Map<String, LatencyTable> run(OfaSpace space, Map<String, String> names, int tasks, int threads,
                                         List<Integer> batches, int warmup, int repeats, int rounds) {
        return run(space, names, tasks, LatencyEngine.DJL, threads, batches, warmup, repeats, rounds, line -> { });
    }

    /**
     * @param names    device name per device kind ({@code cpu}, {@code gpu}) that the tasks may run on
     * @param engine   what runs the layers; ONNX Runtime runs on the CPU (its CPU provider), so its tasks
     *                 are of kind {@code cpu} on any executor
     * @param progress gets every task's progress lines (what the profiler measured, how long it took)
     * @return one table per device name
     */
    public Map<String, LatencyTable> run(OfaSpace space, Map<String, String> names, int tasks, LatencyEngine engine,
                                         int threads, List<Integer> batches, int warmup, int repeats, int rounds,
                                         Consumer<String> progress) {
        if (tasks <= 0) {
            throw new ConfigException("--tasks must be positive, got " + tasks);
        }
        String spaceHocon = SpaceCodec.toConfig(space).root().render(com.typesafe.config.ConfigRenderOptions.concise());
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        jsc.setJobDescription("profile-latency: " + space.name() + " on " + tasks + " task(s)");
        List<TaskTable> measured = jsc.parallelize(IntStream.range(0, tasks).boxed().toList(), tasks).map(i -> {
            TaskContext task = TaskContext.get();
            ComputeDevice device = engine == LatencyEngine.ONNX_RUNTIME ? ComputeDevice.CPU : TaskDevices.of(task);
            String kind = device.isGpu() ? "gpu" : "cpu";
            String name = names.getOrDefault(kind, kind);
            OfaSpace own = SpaceCodec.fromConfig(com.typesafe.config.ConfigFactory.parseString(spaceHocon), "broadcast space");
            List<String> log = new ArrayList<>();
            LatencyTable table = engine == LatencyEngine.ONNX_RUNTIME
                    ? new OrtLatencyProfiling(name, threads, batches, warmup, repeats, rounds).run(own, log::add)
                    : new LatencyProfiling(name, device, threads, batches, warmup, repeats, rounds).run(own, log::add);
            return new TaskTable(kind, SparkEnv.get().executorId(), table, log);
        }).collect();
        measured.forEach(t -> t.log().forEach(line -> progress.accept("executor " + t.executor() + ": " + line)));
        jsc.setJobDescription(null);

        Map<String, List<TaskTable>> byKind = new TreeMap<>();
        measured.forEach(t -> byKind.computeIfAbsent(t.kind(), k -> new ArrayList<>()).add(t));
        Map<String, LatencyTable> tables = new LinkedHashMap<>();
        byKind.forEach((kind, list) -> {
            if (!names.containsKey(kind)) {
                throw new ConfigException("tasks ran on " + kind + " executors (" + list.stream().map(TaskTable::executor).toList()
                        + "), but no device name was given for " + kind + "; add --device " + kind + "=<name>");
            }
            tables.put(names.get(kind), merge(list.stream().map(TaskTable::table).toList()));
        });
        return tables;
    }

    /** Entry-wise median over tables of the same device type; the first table's description, with the count of executors. */
    static LatencyTable merge(List<LatencyTable> tables) {
        if (tables.size() == 1) {
            return tables.get(0);
        }
        Map<String, List<LatencyEntry>> byEntry = new LinkedHashMap<>();
        for (LatencyTable t : tables) {
            for (LatencyEntry e : t.entries()) {
                byEntry.computeIfAbsent(e.batch() + "|" + e.key().text(), k -> new ArrayList<>()).add(e);
            }
        }
        List<LatencyEntry> merged = new ArrayList<>();
        for (List<LatencyEntry> same : byEntry.values()) {
            merged.add(new LatencyEntry(same.get(0).key(), same.get(0).batch(),
                    Timing.median(same.stream().mapToDouble(LatencyEntry::medianMs).toArray()),
                    Timing.median(same.stream().mapToDouble(LatencyEntry::p10Ms).toArray()),
                    Timing.median(same.stream().mapToDouble(LatencyEntry::p90Ms).toArray())));
        }
        TableInfo first = tables.get(0).info();
        TableInfo info = new TableInfo(first.spaceName(), first.spaceFingerprint(), first.device(), first.computeDevice(),
                first.threads(), first.hardware() + " (median of " + tables.size() + " executors)", first.engine(),
                first.warmup(), first.repeats(), first.created());
        return new LatencyTable(info, merged);
    }
}
