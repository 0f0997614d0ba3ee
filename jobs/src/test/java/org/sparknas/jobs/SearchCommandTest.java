package org.sparknas.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The search command end to end in this JVM, with the formula evaluator plugged in (no DJL). */
class SearchCommandTest {

    @TempDir
    Path tmp;

    private List<String> args(String... more) {
        List<String> a = new ArrayList<>(List.of("search", "--config", "../conf/search.conf",
                "--output", tmp.resolve("out").toString(), "--generation-size", "4", "--generations", "2", "--fidelity", "100",
                "--set", "evaluator.provider=org.sparknas.search.FormulaEvaluatorProvider",
                "--set", "spark.master=local[2]", "--set", "spark.conf.\"spark.ui.enabled\"=false"));
        a.addAll(List.of(more));
        return a;
    }

    private CliRun search(String... more) {
        return CliRun.of(args(more).toArray(String[]::new));
    }

    @Test
    void runsThenSaysAFinishedRunIsFinished() throws Exception {
        CliRun first = search("--run-id", "cli-run");
        assertEquals(0, first.exitCode(), first.output());
        assertTrue(first.output().contains("[gen 2/2] evaluated 4 candidates"), first.output());
        assertTrue(first.output().contains("Pareto front ([max accuracy, min latency_cpu_b1])"), first.output());
        assertEquals(2, parquetFiles(tmp.resolve("out/trials/run_id=cli-run")));

        CliRun second = search("--run-id", "cli-run");
        assertEquals(0, second.exitCode(), second.output());
        assertTrue(second.output().contains("run cli-run already finished"), second.output());
        assertEquals(2, parquetFiles(tmp.resolve("out/trials/run_id=cli-run")));
    }

    /**
     * README's smoke test: the bundled supernet on generated images, no download. The supernet was
     * trained on Fashion-MNIST's split, which the search otherwise insists on; generated images cannot
     * overlap it, so the run goes through (its accuracies mean nothing).
     */
    @Test
    void theSyntheticSmokeTestRunsTheBundledSupernetWithoutTheDataSet() throws Exception {
        CliRun run = CliRun.of("search", "--config", "../conf/search.conf", "--output", tmp.resolve("smoke").toString(),
                "--set", "data.source=synthetic", "--generation-size", "2", "--generations", "1", "--fidelity", "100",
                "--set", "supernet.weights=../supernet/ofa-fmnist.weights",
                "--set", "spark.master=local[1]", "--set", "spark.conf.\"spark.ui.enabled\"=false");
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("[gen 1/1] evaluated 2 candidates (0 reused, 0 failed)"), run.output());
        assertEquals(1, parquetFiles(tmp.resolve("smoke/trials").resolve(onlyRunDirectory(tmp.resolve("smoke/trials")))));
    }

    private static String onlyRunDirectory(Path table) throws Exception {
        try (Stream<Path> dirs = Files.list(table)) {
            List<String> names = dirs.map(p -> p.getFileName().toString()).toList();
            assertEquals(1, names.size(), names.toString());
            return names.get(0);
        }
    }

    @Test
    void aGenerationFarAboveTheTaskSlotsIsWarnedAbout() {
        CliRun run = search("--run-id", "wide", "--generation-size", "129", "--generations", "1");
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("warning: generation size 129 is 64 times the 2 task slot(s) of this Spark application:"
                + " each generation takes about 65 rounds"), run.output());
        CliRun narrow = search("--run-id", "narrow", "--generation-size", "128", "--generations", "1");
        assertFalse(narrow.output().contains("warning: generation size"), narrow.output());
    }

    @Test
    void theRunIdIsDerivedFromTheSettingsWhenNotGiven() throws Exception {
        CliRun run = search("--seed", "5");
        assertEquals(0, run.exitCode(), run.output());
        try (Stream<Path> dirs = Files.list(tmp.resolve("out/trials"))) {
            List<String> names = dirs.map(p -> p.getFileName().toString()).toList();
            assertEquals(1, names.size());
            assertTrue(names.get(0).startsWith("run_id=predictor-guided-s5-"), names.toString());
        }
    }

    @Test
    void badConfigurationStopsWithExitCode2AndNamesTheKey() throws Exception {
        assertConfigError(search("--strategy", "annealing"), "annealing");
        assertConfigError(search("--set", "search.populaton=3"), "search.populaton");
        assertConfigError(search("--fidelity", "9000"), "data.validation-size");
        assertConfigError(search("--objective", "max accuracy", "--objective", "min latency_tpu_b1"), "profile-latency --device tpu");
        assertConfigError(search("--constraint", "macs <== 3"), "macs <== 3");
        assertConfigError(search("--run-id", "bad/id"), "run id 'bad/id'");
        assertConfigError(search("--generation-size", "100000"), "'search.generation-size'");
        assertConfigError(search("--generation-size", "100000"), "must be at most 10000 (search with more generations");
        assertConfigError(search("--set", "spark.conf.\"spark.task.resource.gpu.amount\"=1"), "local mode");
        assertConfigError(CliRun.of("search", "--config", tmp.resolve("missing.conf").toString()), "missing.conf");
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        assertConfigError(search("--output", file.resolve("below").toString()), "not writable");
        assertFalse(Files.exists(tmp.resolve("out/trials")), "no trial was written by a refused run");
    }

    private static void assertConfigError(CliRun run, String expected) {
        assertEquals(2, run.exitCode(), run.output());
        assertTrue(run.output().contains("error: "), run.output());
        assertTrue(run.output().contains(expected), "expected '" + expected + "' in: " + run.output());
    }

    static long parquetFiles(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".parquet")
                    && !p.getFileName().toString().startsWith(".")).count();
        }
    }
}
