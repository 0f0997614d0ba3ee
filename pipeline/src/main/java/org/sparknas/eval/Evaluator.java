package org.sparknas.eval;

import java.util.Map;
import java.util.Set;
import org.sparknas.space.Architecture;

/**
 * Measures one architecture: accuracy and loss after BN re-calibration, MACs, parameters,
 * latencies... An evaluator lives on one executor JVM and one device, and is reused for many
 * candidates, so loading the model happens once.
 *
 * <p>Contract: deterministic (the same architecture and fidelity give the same numbers on any
 * executor, thread, or retry); not required to be thread-safe (one task uses it at a time); a
 * failure is thrown, and the caller records it as a failed trial.
 */
public interface Evaluator extends AutoCloseable {

    /** Every metric name a successful {@link #evaluate} returns. */
    Set<String> metrics();

    /**
     * @param fidelity the number of validation images to measure accuracy and loss on
     */
    Map<String, Double> evaluate(Architecture architecture, int fidelity);

    @Override
    void close();
}
