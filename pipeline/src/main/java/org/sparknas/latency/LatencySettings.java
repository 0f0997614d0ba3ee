package org.sparknas.latency;

import static org.sparknas.config.SettingGroup.nested;

import com.typesafe.config.ConfigValue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.sparknas.config.ConfigException;
import org.sparknas.config.ConfigFiles;
import org.sparknas.config.Setting;
import org.sparknas.config.SettingGroup;
import org.sparknas.config.StrictConfig;
import org.sparknas.space.Fingerprints;
import org.sparknas.space.OfaSpace;
import org.sparknas.space.SearchSpace;
import org.sparknas.strategy.Metrics;

/**
 * The {@code latency { ... }} block of a search configuration, with its tables already read and
 * checked against the space (once, on the driver; they travel to executors with the evaluator).
 *
 * <pre>
 * latency {
 *   tables { cpu = "latency/cpu.csv" }     # device name -> table written by profile-latency; metrics latency_cpu_b1, ...
 *                                          # (ort = "latency/ort.csv": ONNX Runtime, each network at its own precision)
 *   measure {                              # end-to-end measurement on each executor's device
 *     enabled = true
 *     device = cpu                         # name in measured_latency_cpu_b1
 *     batch-sizes = [1]
 *     warmup = 10
 *     repeats = 30
 *   }
 * }
 * </pre>
 *
 * A relative table path is resolved against the directory of the file that sets it (as HOCON's
 * {@code include} is) or, when no file is there, the same file name flat in that directory (how
 * spark-submit's {@code --files} ships it; see {@link ConfigFiles}); set on the command line,
 * against the working directory.
 *
 * @param tables   by device name, checked against the space
 * @param digests  SHA-256 of each table file, by device name: part of a run's identity
 * @param measure  present when end-to-end measurement is on
 */
public record LatencySettings(Map<String, LatencyTable> tables, Map<String, String> digests,
                              Optional<MeasureSettings> measure) {

    public static final SettingGroup GROUP = new SettingGroup("latency", "hardware-aware search: latency lookup tables"
            + " (latency.tables { <device> = \"<file>.csv\" }, written by profile-latency) and end-to-end measurement",
            List.of(), List.of(
                    nested("tables", "{ <device> = \"<file>.csv\" }: lookup tables written by profile-latency, paths"
                            + " relative to the file (see hardware-aware.md)"),
                    nested("measure", "table `latency.measure` below (optional)")));

    public static final Setting<Boolean> MEASURE_ENABLED = Setting.flag("enabled", true, "measure end-to-end latency on"
            + " each executor's device (measured_latency_<device>_b<batch>); not part of a run's reproducible trajectory");
    public static final Setting<String> MEASURE_DEVICE = Setting.string("device", "cpu", "device name in the metrics: the"
            + " executors' device type");
    public static final Setting<List<Integer>> MEASURE_BATCH_SIZES = Setting.integers("batch-sizes", List.of(1),
            "batch sizes measured").check(l -> !l.isEmpty() && l.stream().allMatch(b -> b > 0), "positive and at least one");
    public static final Setting<Integer> MEASURE_WARMUP = Setting.integer("warmup", MeasureSettings.DEFAULT_WARMUP,
            "untimed runs first").atLeast(0);
    public static final Setting<Integer> MEASURE_REPEATS = Setting.integer("repeats", MeasureSettings.DEFAULT_REPEATS,
            "timed runs; the metric is their median").positive();
    public static final SettingGroup MEASURE_GROUP = new SettingGroup("latency.measure", "end-to-end latency measured by"
            + " each executor (present and enabled: on)", List.of(MEASURE_ENABLED, MEASURE_DEVICE, MEASURE_BATCH_SIZES,
            MEASURE_WARMUP, MEASURE_REPEATS));

    public LatencySettings {
        // sorted by device, so that descriptions and signatures do not depend on hash order
        tables = Collections.unmodifiableMap(new TreeMap<>(tables));
        digests = Collections.unmodifiableMap(new TreeMap<>(digests));
    }

    public static LatencySettings none() {
        return new LatencySettings(Map.of(), Map.of(), Optional.empty());
    }

    /** Reads {@code latency} of the root configuration (absent: nothing), loading and checking every table. */
    public static LatencySettings fromConfig(StrictConfig root, SearchSpace space) {
        if (!root.has("latency")) {
            return none();
        }
        StrictConfig latency = GROUP.checkKeys(root.object("latency"));
        Map<String, LatencyTable> tables = new TreeMap<>();
        Map<String, String> digests = new TreeMap<>();
        if (latency.has("tables")) {
            StrictConfig block = latency.object("tables");
            for (Map.Entry<String, ConfigValue> e : block.raw().root().entrySet()) {
                String device = e.getKey();
                String key = "tables." + device;
                try {
                    DeviceNames.check(device);
                } catch (ConfigException bad) {
                    throw latency.error(key, bad.getMessage());
                }
                OfaSpace ofa = requireOfa(latency, key, space);
                Path file = ConfigFiles.resolve(latency.string(key), e.getValue().origin().filename());
                byte[] bytes;
                try {
                    bytes = Files.readAllBytes(file);
                } catch (IOException io) {
                    throw latency.error(key, "cannot read latency table " + file + " (" + io.getMessage() + "); write it with"
                            + " `sparknas profile-latency --device " + device + "` (with --engine onnxruntime for an ONNX"
                            + " Runtime table) or fix the path");
                }
                LatencyTable table = LatencyTableCsv.read(bytes, file.toString()).requireFor(ofa, file.toString());
                if (!table.device().equals(device)) {
                    throw latency.error(key, file + " was profiled as device '" + table.device() + "', not '" + device
                            + "'; name it " + table.device() + " here, or re-profile with --device " + device);
                }
                tables.put(device, table);
                digests.put(device, Fingerprints.sha256(bytes));
            }
        }
        Optional<MeasureSettings> measure = Optional.empty();
        if (latency.has("measure")) {
            StrictConfig m = MEASURE_GROUP.checkKeys(latency.object("measure"));
            if (MEASURE_ENABLED.read(m)) {
                requireOfa(latency, "measure", space);
                String device = MEASURE_DEVICE.read(m);
                List<Integer> batchSizes = MEASURE_BATCH_SIZES.read(m);
                int warmup = MEASURE_WARMUP.read(m);
                int repeats = MEASURE_REPEATS.read(m);
                try {
                    measure = Optional.of(new MeasureSettings(device, batchSizes, warmup, repeats));
                } catch (IllegalArgumentException | ConfigException bad) {
                    throw latency.error("measure", bad.getMessage());
                }
            }
        }
        return new LatencySettings(tables, digests, measure);
    }

    private static OfaSpace requireOfa(StrictConfig latency, String key, SearchSpace space) {
        return OfaSpace.of(space).orElseThrow(() -> latency.error(key, "latency tables and measurement need an Once-for-All"
                + " space (type = ofa); space '" + space.name() + "' is not one. Remove the latency block or use an ofa space"));
    }

    /** Whether anything adds latency metrics. */
    public boolean configured() {
        return !tables.isEmpty() || measure.isPresent();
    }

    /** The lookup-table metrics ({@code latency_<device>_b<batch>}). */
    public Set<String> tableMetrics() {
        Set<String> names = new TreeSet<>();
        tables.forEach((device, table) -> table.batches().forEach(b -> names.add(Metrics.tableLatency(device, b))));
        return names;
    }

    /** Every latency metric a trial gets: table predictions and measurements. */
    public Set<String> metrics() {
        Set<String> names = new TreeSet<>(tableMetrics());
        measure.ifPresent(m -> names.addAll(m.metrics()));
        return names;
    }

    /** What identifies the latency numbers of a run (table contents and measurement protocol), when any. */
    public Optional<String> signature() {
        if (!configured()) {
            return Optional.empty();
        }
        Map<String, String> parts = new LinkedHashMap<>();
        digests.forEach((device, sha) -> parts.put("table." + device, sha));
        measure.ifPresent(m -> parts.put("measure", m.toString()));
        return Optional.of(parts.toString());
    }

    /** One line for logs. */
    public String describe() {
        StringBuilder text = new StringBuilder();
        tables.forEach((device, t) -> text.append(text.length() == 0 ? "" : "; ").append("table ").append(device)
                .append(" (batches ").append(t.batches()).append(", ").append(t.info().threads()).append(" thread(s), ")
                .append(t.info().hardware()).append(')'));
        measure.ifPresent(m -> text.append(text.length() == 0 ? "" : "; ").append("measured on the executor as ")
                .append(m.device()).append(" at batch ").append(m.batchSizes()).append(" (").append(m.warmup())
                .append(" warm-up, median of ").append(m.repeats()).append(')'));
        return text.toString();
    }
}
