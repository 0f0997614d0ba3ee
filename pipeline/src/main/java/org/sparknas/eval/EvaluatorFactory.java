package org.sparknas.eval;

import java.io.Serializable;
import java.util.Set;
import org.sparknas.supernet.ComputeDevice;

/**
 * What the driver broadcasts: everything an executor needs to build its {@link Evaluator}
 * (weights, images, settings), as plain serialisable data. {@link #create} runs once per
 * executor JVM and device, never per task.
 */
public interface EvaluatorFactory extends Serializable {

    Evaluator create(ComputeDevice device, int threads);

    /** The metric names the evaluators it creates return, known on the driver before any job runs. */
    Set<String> metrics();

    /** One line for logs: what is evaluated and how. */
    String describe();
}
