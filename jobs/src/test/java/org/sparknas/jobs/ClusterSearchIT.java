package org.sparknas.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparknas.space.SearchSpace;
import org.sparknas.space.SearchSpaces;
import org.sparknas.store.TrialRecord;
import org.sparknas.store.parquet.ParquetTrialStore;

/**
 * End to end on a real standalone cluster: a Master and two Workers in their own JVMs on
 * 127.0.0.1, the application jar submitted through SparkSubmit. Checks the trials table, that each
 * executor loaded the model exactly once, and that the same seed gives the same trials on
 * local[1], local[2] and the cluster, the cluster's executors reading the images themselves
 * ({@code data.delivery = executors}) where the local runs broadcast them.
 */
class ClusterSearchIT {

    @TempDir
    Path tmp;

    private Path weights;

    @org.junit.jupiter.api.BeforeEach
    void untrainedSupernet() {
        weights = UntrainedSupernet.write(tmp.resolve("untrained.weights"), 5);
    }

    private List<String> searchArgs(Path output) {
        return List.of("search", "--config", Path.of("../conf/search.conf").toAbsolutePath().normalize().toString(),
                "--output", output.toString(), "--run-id", "e2e", "--generation-size", "6", "--generations", "2",
                "--fidelity", "300", "--seed", "3",
                "--set", "supernet.weights=" + weights,
                "--set", "data.dir=" + Path.of("../data/fashion-mnist").toAbsolutePath().normalize(),
                "--set", "data.calibration-size=500");
    }

    @Test
    void theSameSearchGivesTheSameTrialsOnLocal1Local2AndAStandaloneCluster() throws Exception {
        Path clusterOut = tmp.resolve("cluster");
        try (LocalStandaloneCluster cluster = LocalStandaloneCluster.start(tmp.resolve("cluster-work"), 2, false)) {
            List<String> submit = new ArrayList<>(List.of("--class", Main.class.getName(),
                    "--conf", "spark.executor.memory=1g",
                    "--conf", "spark.executor.extraJavaOptions=-Dai.djl.offline=true",
                    "--conf", "spark.executorEnv.TORCH_CPP_LOG_LEVEL=ERROR",
                    "--conf", "spark.plugins=org.sparknas.spark.EnginePreloadPlugin",
                    "--conf", "spark.cores.max=2", "--conf", "spark.scheduler.minRegisteredResourcesRatio=1.0",
                    "--conf", "spark.scheduler.maxRegisteredResourcesWaitingTime=120s",
                    "--conf", "spark.ui.enabled=false",
                    applicationJar().toString()));
            submit.addAll(searchArgs(clusterOut));
            // the executors read the images themselves, the local runs broadcast them: the trials must not differ
            submit.addAll(List.of("--set", "data.delivery=executors",
                    "--set", "data.cache-dir=" + SearchCommand.quote(tmp.resolve("image-cache").toString())));
            Path log = tmp.resolve("submit.log");
            // the driver as README's spark-submit example starts it (C1 only, the project's log4j2 configuration)
            int exit = cluster.submit(log, List.of("-XX:TieredStopAtLevel=1", "-Dlog4j2.configurationFile="
                    + Path.of("../conf/log4j2.properties").toAbsolutePath().normalize()), submit);
            String driverLog = Files.readString(log);
            assertEquals(0, exit, driverLog);
            assertTrue(driverLog.contains("[gen 2/2] evaluated 6 candidates"), driverLog);
            assertTrue(driverLog.contains("images read by each executor (data.delivery = executors)"), driverLog);
            assertEquals(List.of(), driverLog.lines().filter(l -> l.contains(" INFO ")).toList(),
                    "conf/log4j2.properties leaves the driver's console to the progress lines");
        }
        List<String> executorLogs = executorLogs(tmp.resolve("cluster-work"));
        assertEquals(2, executorLogs.size(), "one stderr per executor");
        for (String executorLog : executorLogs) {
            assertTrue(executorLog.contains("sparknas: DJL engine PyTorch") && executorLog.contains("started at executor start"),
                    "the executor plugin started the engine before any task:\n" + executorLog);
            assertFalse(executorLog.contains("Could not initialize NNPACK"), "spark.executorEnv.TORCH_CPP_LOG_LEVEL=ERROR"
                    + " silences libtorch's NNPACK warning:\n" + executorLog);
        }
        // Each executor JVM got the calibration and the validation images once; the two share one host, so
        // one of them decoded each set and the other found it in the disk cache (a file lock orders them).
        String bothLogs = String.join("\n", executorLogs);
        assertEquals(2, count(bothLogs, "sparknas: executor images: 500 of "), bothLogs);
        assertEquals(2, count(bothLogs, "sparknas: executor images: 5000 of "), bothLogs);
        assertEquals(2, count(bothLogs, ", from storage, now cached in "), bothLogs);
        assertEquals(2, count(bothLogs, ", from the disk cache "), bothLogs);
        Path local1 = tmp.resolve("local1");
        Path local2 = tmp.resolve("local2");
        assertEquals(0, local(local1, "local[1]"));
        assertEquals(0, local(local2, "local[2]"));

        List<TrialRecord> onCluster = trials(clusterOut);
        assertEquals(12, onCluster.size());
        assertTrue(onCluster.stream().allMatch(t -> t.trial().isOk()), onCluster.toString());

        Map<String, Set<String>> evaluatorsByExecutor = onCluster.stream().collect(Collectors.groupingBy(
                t -> t.provenance().executor(), TreeMap::new, Collectors.mapping(TrialRecord::evaluatorId, Collectors.toSet())));
        assertEquals(2, evaluatorsByExecutor.size(), "both workers' executors evaluated: " + evaluatorsByExecutor);
        evaluatorsByExecutor.forEach((executor, evaluators) ->
                assertEquals(1, evaluators.size(), "executor " + executor + " loaded the model once: " + evaluators));

        assertEquals(comparable(trials(local1)), comparable(onCluster));
        assertEquals(comparable(trials(local2)), comparable(onCluster));
    }

    private static long count(String text, String part) {
        return text.lines().filter(l -> l.contains(part)).count();
    }

    /** The stderr of every executor the Workers launched ({@code worker-N/app-ID/EXECUTOR/stderr}). */
    private static List<String> executorLogs(Path clusterWork) throws java.io.IOException {
        try (Stream<Path> files = Files.walk(clusterWork)) {
            List<Path> logs = files.filter(p -> p.getFileName().toString().equals("stderr")).sorted().toList();
            List<String> out = new ArrayList<>();
            for (Path log : logs) {
                out.add(Files.readString(log));
            }
            return out;
        }
    }

    /**
     * GPU scheduling without a GPU: the Workers announce one GPU each through a discovery script,
     * the application asks for one GPU per task, and each task must evaluate on the GPU address
     * Spark assigned to it. The formula evaluator (no DJL) stands in for the supernet, which would
     * need a real CUDA device.
     */
    @Test
    void eachTaskEvaluatesOnTheGpuSparkAssignedToIt() throws Exception {
        Path out = tmp.resolve("gpu");
        try (LocalStandaloneCluster cluster = LocalStandaloneCluster.start(tmp.resolve("gpu-work"), 2, true)) {
            List<String> submit = new ArrayList<>(List.of("--class", Main.class.getName(),
                    "--jars", pipelineTestJar().toString(),
                    "--conf", "spark.executor.memory=1g",
                    "--conf", "spark.executor.resource.gpu.amount=1",
                    "--conf", "spark.task.resource.gpu.amount=1",
                    "--conf", "spark.cores.max=2", "--conf", "spark.scheduler.minRegisteredResourcesRatio=1.0",
                    "--conf", "spark.scheduler.maxRegisteredResourcesWaitingTime=120s",
                    "--conf", "spark.ui.enabled=false",
                    applicationJar().toString(),
                    "search", "--config", Path.of("../conf/search.conf").toAbsolutePath().normalize().toString(),
                    "--output", out.toString(), "--run-id", "e2e", "--generation-size", "6", "--generations", "1",
                    "--fidelity", "100", "--set", "evaluator.provider=org.sparknas.search.FormulaEvaluatorProvider",
                    "--set", "evaluator.settings.sleep-ms=300"));
            Path log = tmp.resolve("gpu-submit.log");
            assertEquals(0, cluster.submit(log, submit), Files.readString(log));
        }
        List<TrialRecord> trials = trials(out);
        assertEquals(6, trials.size());
        Map<String, Set<String>> devicesByExecutor = trials.stream().collect(Collectors.groupingBy(
                t -> t.provenance().executor(), TreeMap::new, Collectors.mapping(t -> t.provenance().device(), Collectors.toSet())));
        assertEquals(2, devicesByExecutor.size(), devicesByExecutor.toString());
        Set<String> devices = devicesByExecutor.values().stream().flatMap(Set::stream).collect(Collectors.toSet());
        assertEquals(Set.of("gpu:0", "gpu:1"), devices, "each worker's executor used the GPU it announced");
        devicesByExecutor.values().forEach(d -> assertEquals(1, d.size()));
    }

    private static Path pipelineTestJar() throws Exception {
        try (Stream<Path> files = Files.list(Path.of("../pipeline/target"))) {
            return files.filter(p -> p.getFileName().toString().matches("sparknas-pipeline-.*-tests\\.jar"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no pipeline test jar; run 'mvn verify'"))
                    .toAbsolutePath();
        }
    }

    private int local(Path output, String master) {
        List<String> args = new ArrayList<>(searchArgs(output));
        args.addAll(List.of("--set", "spark.master=" + master, "--set", "spark.conf.\"spark.ui.enabled\"=false"));
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, run.exitCode(), run.output());
        return run.exitCode();
    }

    private static List<TrialRecord> trials(Path root) {
        SearchSpace space = SearchSpaces.load(Path.of("../conf/spaces/ofa-fmnist.conf"));
        return new ParquetTrialStore(new Configuration(), root.toString(), space,
                Set.of("accuracy", "loss", "macs", "params")).trials("e2e");
    }

    static List<String> comparable(List<TrialRecord> trials) {
        return ResumeAfterKillTest.comparable(trials);
    }

    static Path applicationJar() throws Exception {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(p -> p.getFileName().toString().matches("sparknas-jobs-.*\\.jar")
                            && !p.getFileName().toString().endsWith("-tests.jar"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no application jar in jobs/target;"
                            + " run 'mvn verify' so the shaded jar is built before this test")).toAbsolutePath();
        }
    }
}
