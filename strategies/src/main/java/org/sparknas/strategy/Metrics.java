package org.sparknas.strategy;

/**
 * Names of the metrics an evaluation produces. Latencies are in milliseconds and named
 * {@code latency_<device>_b<batch>} for a lookup-table prediction (what objectives use by
 * default, since it is deterministic) and {@code measured_latency_<device>_b<batch>} for a
 * measurement on the executor.
 */
public final class Metrics {

    public static final String ACCURACY = "accuracy";
    public static final String LOSS = "loss";
    public static final String MACS = "macs";
    public static final String PARAMS = "params";
    /** Bytes of the sub-network's ONNX model at its precision (the file {@code specialize --export} writes, less its metadata). */
    public static final String MODEL_BYTES = "model_bytes";

    private Metrics() {
    }

    /** Whether a metric counts things (whole numbers, stored as bigint, shown in millions): MACs, parameters, bytes. */
    public static boolean isCount(String metric) {
        return metric.equals(MACS) || metric.equals(PARAMS) || metric.equals(MODEL_BYTES);
    }

    public static String tableLatency(String device, int batch) {
        return "latency_" + device + "_b" + batch;
    }

    public static String measuredLatency(String device, int batch) {
        return "measured_latency_" + device + "_b" + batch;
    }
}
