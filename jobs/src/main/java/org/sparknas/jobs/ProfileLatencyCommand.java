package org.sparknas.jobs;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.sparknas.config.ConfigException;
import org.sparknas.latency.DeviceNames;
import org.sparknas.latency.LatencyEngine;
import org.sparknas.latency.LatencyTable;
import org.sparknas.latency.LatencyTableCsv;
import org.sparknas.space.OfaSpace;
import org.sparknas.space.SearchSpace;
import org.sparknas.space.SearchSpaces;
import org.sparknas.spark.LatencyProfilingJob;
import org.sparknas.spark.LatencyTableParquet;
import org.sparknas.spark.SparkSessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sparknas profile-latency}: measures every layer configuration of a space on the device the
 * Spark tasks run on and writes that device's lookup table ({@code <table-dir>/<device>.csv}, and
 * the Parquet table {@code <output>/latency_tables/device=<device>/} when {@code --output} is given).
 */
@Command(name = "profile-latency", mixinStandardHelpOptions = true,
        description = {"Measure every stem, block and head configuration of a space (warm-up, median of repeats) on the",
            "device the Spark tasks run on, and write a per-device latency lookup table.",
            "--engine onnxruntime times each layer as its own ONNX graph in ONNX Runtime (table ort.csv by default).",
            "Locally: one task on this machine. On a cluster: --tasks N profiles N executors, named per device kind."})
public final class ProfileLatencyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--space", description = "Space definition (default: ${DEFAULT-VALUE})",
            defaultValue = "conf/spaces/ofa-fmnist.conf")
    Path space;

    @Option(names = "--engine", description = "What runs the layers: djl (the PyTorch networks the search evaluates) or"
            + " onnxruntime (ONNX Runtime's CPU provider, what exported models are deployed on; int8 layers of a space"
            + " that declares precisions are timed on their quantized graphs) (default: ${DEFAULT-VALUE})",
            defaultValue = "djl")
    String engine;

    @Option(names = "--device", description = "Device name for the table's metrics (latency_<name>_b<batch>); NAME for"
            + " the kind the tasks run on, or KIND=NAME per kind (cpu, gpu) on a mixed cluster; repeatable"
            + " (default: cpu, or ort with --engine onnxruntime)")
    List<String> devices;

    @Option(names = "--threads", description = "Intra-op threads; match spark.task.cpus of the searches that use the"
            + " table (default: ${DEFAULT-VALUE})", defaultValue = "1")
    int threads;

    @Option(names = "--batch-sizes", split = ",", description = "Batch sizes to profile (default: ${DEFAULT-VALUE})",
            defaultValue = "1,16")
    List<Integer> batchSizes;

    @Option(names = "--warmup", description = "Untimed runs per layer (default: ${DEFAULT-VALUE})", defaultValue = "10")
    int warmup;

    @Option(names = "--repeats", description = "Timed runs per layer; the table keeps the median (default: ${DEFAULT-VALUE})",
            defaultValue = "50")
    int repeats;

    @Option(names = "--rounds", description = "Walks over the space; each entry keeps its median round, which a burst of"
            + " other work does not move (default: ${DEFAULT-VALUE})", defaultValue = "5")
    int rounds;

    @Option(names = "--table-dir", description = "Directory for the CSV tables, <device>.csv (default: ${DEFAULT-VALUE})",
            defaultValue = "conf/latency")
    Path tableDir;

    @Option(names = "--output", description = "Output root (local or Hadoop URI) for the Parquet copy in latency_tables/")
    String output;

    @Option(names = "--tasks", description = "Spark tasks, one per executor to profile (default: ${DEFAULT-VALUE})",
            defaultValue = "1")
    int tasks;

    @Option(names = "--master", description = "Spark master when not run by spark-submit (default: ${DEFAULT-VALUE})",
            defaultValue = "local[1]")
    String master;

    @Override
    public Integer call() {
        OfaSpace ofa = ofaSpace(space);
        LatencyEngine chosen = LatencyEngine.parse(engine);
        Map<String, String> names = deviceNames(devices == null || devices.isEmpty() ? List.of(chosen.defaultDevice()) : devices);
        PrintWriter out = spec.commandLine().getOut();
        boolean borrowed = SparkSession.getDefaultSession().isDefined();
        SparkSession spark = SparkSessions.start(master, "sparknas-profile-latency", Map.of("spark.ui.enabled", "false"));
        try {
            out.printf("profiling space '%s' with %s on %d task(s), %d thread(s), batch sizes %s, %d warm-up + %d timed"
                    + " runs per layer, %d round(s)%n", ofa.name(), chosen.optionName(), tasks, threads, batchSizes, warmup,
                    repeats, rounds);
            out.flush();
            long start = System.nanoTime();
            Map<String, LatencyTable> tables = new LatencyProfilingJob(spark).run(ofa, names, tasks, chosen, threads,
                    batchSizes, warmup, repeats, rounds, line -> {
                        out.println("  " + line);
                        out.flush();
                    });
            for (LatencyTable table : tables.values()) {
                Path csv = tableDir.resolve(table.device() + ".csv");
                Files.createDirectories(tableDir);
                Files.writeString(csv, LatencyTableCsv.write(table), StandardCharsets.UTF_8);
                out.printf("device %s (%s, %s): %d entries -> %s%n", table.device(), table.info().computeDevice(),
                        table.info().hardware(), table.entries().size(), csv);
                if (output != null) {
                    out.println("  Parquet: " + LatencyTableParquet.write(spark, output, table) + "/device=" + table.device());
                }
            }
            out.printf("done in %.1f s%n", (System.nanoTime() - start) / 1e9);
            out.flush();
            return Main.EXIT_OK;
        } catch (IOException e) {
            throw new ConfigException("cannot write the latency table into " + tableDir + ": " + e.getMessage(), e);
        } finally {
            if (!borrowed) {
                spark.stop();
            }
        }
    }

    /** The Once-for-All space defined in {@code file}; latency tables are keyed by its layer shapes. */
    static OfaSpace ofaSpace(Path file) {
        SearchSpace loaded = SearchSpaces.load(file);
        return OfaSpace.require(loaded, "latency tables are keyed by its layer shapes (" + file + ")");
    }

    /** {@code NAME} (for whichever kind the tasks run on) or {@code KIND=NAME} entries, by kind. */
    static Map<String, String> deviceNames(List<String> devices) {
        Map<String, String> names = new LinkedHashMap<>();
        for (String d : devices) {
            int eq = d.indexOf('=');
            if (eq < 0) {
                if (devices.size() > 1) {
                    throw new ConfigException("--device " + d + ": with several --device options, give each as KIND=NAME"
                            + " (cpu=..., gpu=...)");
                }
                String name = DeviceNames.check(d.trim());
                names.put("cpu", name);
                names.put("gpu", name);
                continue;
            }
            String kind = d.substring(0, eq).trim();
            if (!kind.equals("cpu") && !kind.equals("gpu")) {
                throw new ConfigException("--device " + d + ": the kind before '=' must be cpu or gpu");
            }
            names.put(kind, DeviceNames.check(d.substring(eq + 1).trim()));
        }
        return names;
    }
}
