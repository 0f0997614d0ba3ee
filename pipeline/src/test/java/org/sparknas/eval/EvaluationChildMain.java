package org.sparknas.eval;

import java.util.Map;
import org.sparknas.supernet.ComputeDevice;

/**
 * Evaluates architectures of the {@link EvaluationFixture} in a fresh JVM and prints each metric's
 * exact bits, for the cross-JVM determinism test. Arguments: threads, fidelity, architecture keys.
 */
public final class EvaluationChildMain {

    private EvaluationChildMain() {
    }

    public static void main(String[] args) {
        EvaluationFixture fixture = new EvaluationFixture();
        int threads = Integer.parseInt(args[0]);
        int fidelity = Integer.parseInt(args[1]);
        try (Evaluator evaluator = fixture.factory().create(ComputeDevice.CPU, threads)) {
            for (int i = 2; i < args.length; i++) {
                System.out.println("RESULT " + args[i] + " " + bits(evaluator.evaluate(fixture.space.parse(args[i]), fidelity)));
            }
        }
    }

    static String bits(Map<String, Double> metrics) {
        StringBuilder s = new StringBuilder();
        new java.util.TreeMap<>(metrics).forEach((k, v) -> s.append(k).append('=').append(Long.toHexString(Double.doubleToLongBits(v))).append(';'));
        return s.toString();
    }
}
