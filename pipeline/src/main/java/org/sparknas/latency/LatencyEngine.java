package org.sparknas.latency;

import java.util.Arrays;
import java.util.Locale;
import org.sparknas.config.ConfigException;

/**
 * The inference engine a latency table was measured with: the networks DJL runs ({@code djl}, the
 * PyTorch engine: what the search evaluates and {@code latency.measure} times), or ONNX Runtime's
 * CPU provider ({@code onnxruntime}: what an exported model is deployed on). A table's own header
 * says which ({@code # engine = ...}), so that it is validated on the engine that made it.
 */
public enum LatencyEngine {
    DJL("djl", "cpu", "PyTorch", false),
    ONNX_RUNTIME("onnxruntime", "ort", "ONNX Runtime", true);

    private final String optionName;
    private final String defaultDevice;
    private final String tableName;
    private final boolean timesPrecisions;

    LatencyEngine(String optionName, String defaultDevice, String tableName, boolean timesPrecisions) {
        this.optionName = optionName;
        this.defaultDevice = defaultDevice;
        this.tableName = tableName;
        this.timesPrecisions = timesPrecisions;
    }

    /**
     * Whether the engine runs a network at the precision it is deployed at, so that its tables hold
     * rows per precision and a prediction sums the rows of the network's own precision. DJL runs
     * every network as the fp32 PyTorch network (as {@code latency.measure} does), so its fp32 rows
     * predict every network of a space with precisions; ONNX Runtime runs int8 networks on int8
     * kernels.
     */
    public boolean timesPrecisions() {
        return timesPrecisions;
    }

    /** How {@code --engine} names it. */
    public String optionName() {
        return optionName;
    }

    /** The device name a table of this engine gets unless one is given ({@code latency_<device>_b1}). */
    public String defaultDevice() {
        return defaultDevice;
    }

    /** How the {@code engine} line of a table of this engine starts. */
    public String tableName() {
        return tableName;
    }

    /** @throws ConfigException naming the text and the engines there are */
    public static LatencyEngine parse(String text) {
        String wanted = text.trim().toLowerCase(Locale.ROOT);
        for (LatencyEngine e : values()) {
            if (e.optionName.equals(wanted)) {
                return e;
            }
        }
        throw new ConfigException("unknown engine '" + text + "'; use one of "
                + Arrays.stream(values()).map(LatencyEngine::optionName).toList());
    }

    /**
     * The engine that measured {@code table}, from its {@code engine} header: ONNX Runtime tables say
     * so; every other table (DJL's engine names, e.g. {@code PyTorch 2.7.1 (DJL 0.35.1)}) is DJL's.
     */
    public static LatencyEngine of(TableInfo table) {
        return table.engine().startsWith(ONNX_RUNTIME.tableName) ? ONNX_RUNTIME : DJL;
    }
}
