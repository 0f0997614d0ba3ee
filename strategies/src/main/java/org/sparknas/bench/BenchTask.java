package org.sparknas.bench;

import org.sparknas.config.ConfigException;
import org.sparknas.strategy.Goal;
import org.sparknas.strategy.Objective;

/** The two objectives of the scoring protocol: maximise an accuracy column, minimise a cost column. */
public record BenchTask(String accuracy, String cost) {

    public BenchTask {
        if (accuracy == null || accuracy.isBlank() || cost == null || cost.isBlank()) {
            throw new ConfigException("a benchmark task needs an accuracy column and a cost column");
        }
        if (accuracy.equals(cost)) {
            throw new ConfigException("the accuracy and cost columns are both '" + accuracy + "'; name two different columns");
        }
    }

    public Goal goal() {
        return Goal.of(Objective.maximize(accuracy), Objective.minimize(cost));
    }

    /** Refuses a task whose columns the table lacks, naming the columns it has. */
    public void checkAgainst(TabularBenchmark table) {
        for (String column : new String[] {accuracy, cost}) {
            if (!table.metrics().contains(column)) {
                throw new ConfigException("benchmark table " + table.name() + " has no numeric column '" + column
                        + "'; its metrics are " + table.metrics());
            }
        }
    }

    /** A (accuracy, cost) pair as a point to minimise: (-accuracy, cost). */
    public static double[] minimized(double accuracy, double cost) {
        return new double[] {-accuracy, cost};
    }

    @Override
    public String toString() {
        return "max " + accuracy + ", min " + cost;
    }
}
