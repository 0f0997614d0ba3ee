package org.sparknas.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README's cluster-mode recipe as YARN and Kubernetes run it: spark-submit's {@code --files}
 * puts the configuration, the space and the latency tables flat in the driver's working directory,
 * and the driver is given {@code --config search.conf}. A driver JVM in such a folder must run the
 * search with the shipped space and tables.
 */
class FlatFilesSearchTest {

    /** What README's recipe ships with --files, from conf/. */
    private static final List<String> SHIPPED = List.of("search.conf", "spaces/ofa-fmnist.conf", "latency/cpu.csv",
            "latency/cpu2t.csv");

    @TempDir
    Path tmp;

    @Test
    void aSearchRunsFromTheFilesShippedFlatInTheDriversWorkingDirectory() throws Exception {
        Path driverDir = Files.createDirectories(tmp.resolve("driver"));
        for (String f : SHIPPED) {
            Path source = Path.of("../conf", f);
            Files.copy(source, driverDir.resolve(source.getFileName()));
        }
        Path log = tmp.resolve("driver.log");
        Process driver = ChildJvm.start(log, List.of("search", "--config", "search.conf", "--output", "out",
                "--run-id", "flat", "--generation-size", "4", "--generations", "1", "--fidelity", "100",
                "--set", "evaluator.provider=org.sparknas.search.FormulaEvaluatorProvider",
                "--set", "spark.master=local[1]", "--set", "spark.conf.\"spark.ui.enabled\"=false"), "1g", driverDir);
        assertTrue(driver.waitFor(5, TimeUnit.MINUTES), "the search did not end in 5 minutes");
        String output = Files.readString(log);
        assertEquals(0, driver.exitValue(), output);
        assertTrue(output.contains("[gen 1/1] evaluated 4 candidates"), output);
        assertTrue(output.contains("Pareto front ([max accuracy, min latency_cpu_b1])"), "the shipped cpu table gave"
                + " latency_cpu_b1:\n" + output);
        try (Stream<Path> files = Files.list(driverDir.resolve("out/trials/run_id=flat"))) {
            assertEquals(1, files.filter(p -> p.toString().endsWith(".parquet")).count(), "one generation written");
        }
    }
}
