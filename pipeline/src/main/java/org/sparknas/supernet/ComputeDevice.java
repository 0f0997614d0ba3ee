package org.sparknas.supernet;

import java.io.Serializable;

/**
 * Where an evaluation runs: the CPU, or one GPU by its index (the address Spark assigned to the
 * task). Printed as {@code cpu} or {@code gpu:0}, which is what the trials table stores.
 */
public record ComputeDevice(Kind kind, int index) implements Serializable {

    public enum Kind { CPU, GPU }

    public static final ComputeDevice CPU = new ComputeDevice(Kind.CPU, -1);

    public static ComputeDevice gpu(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("a GPU index must be >= 0, got " + index);
        }
        return new ComputeDevice(Kind.GPU, index);
    }

    /** Parses {@code cpu}, {@code gpu} (index 0) or {@code gpu:N}. */
    public static ComputeDevice parse(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        if (t.equals("cpu")) {
            return CPU;
        }
        if (t.equals("gpu")) {
            return gpu(0);
        }
        if (t.startsWith("gpu:")) {
            try {
                return gpu(Integer.parseInt(t.substring(4)));
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
        }
        throw new IllegalArgumentException("device '" + text + "' must be cpu, gpu or gpu:N");
    }

    public boolean isGpu() {
        return kind == Kind.GPU;
    }

    @Override
    public String toString() {
        return kind == Kind.CPU ? "cpu" : "gpu:" + index;
    }
}
