package org.sparknas.jobs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import org.sparknas.data.DataSplit;
import org.sparknas.data.FashionMnist;
import org.sparknas.data.SplitPlan;
import org.sparknas.eval.ComputeDevice;
import org.sparknas.eval.Evaluator;
import org.sparknas.eval.SupernetEvaluatorFactory;
import org.sparknas.space.Architecture;
import org.sparknas.space.OfaSpace;
import org.sparknas.space.SearchSpaces;
import org.sparknas.spark.ParquetTrialStore;
import org.sparknas.spark.SparkTestSession;
import org.sparknas.store.RunRecord;
import org.sparknas.store.TrialRecord;

/**
 * The search job's speed (a benchmark, not a test; run by {@code bench/search-throughput.sh}).
 * The same search (same seed, so the same candidates) runs on Spark local[2] and on a standalone
 * cluster of two one-core Workers, and the same candidates are then evaluated by a plain loop of
 * two threads in a fresh JVM without Spark. It prints, side by side:
 * <ul>
 *   <li>slot utilisation = sum of per-candidate evaluation seconds / (search wall seconds x 2 slots),
 *       the wall time being the run catalog's start to end (every generation, store writes included);</li>
 *   <li>throughput in candidates per second, and its ratio to the plain loop.</li>
 * </ul>
 * Arguments: population, generations, fidelity, [weights file] (default: an untrained supernet,
 * which costs exactly what a trained one does).
 */
public final class SearchThroughputBench {

    private static final String RUN = "bench";

    private SearchThroughputBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals(PLAIN)) {
            plainLoopHere(Path.of(args[1]), Integer.parseInt(args[2]), Path.of(args[3]));
            return;
        }
        int population = Integer.parseInt(args[0]);
        int generations = Integer.parseInt(args[1]);
        int fidelity = Integer.parseInt(args[2]);
        Path work = Files.createTempDirectory("sparknas-bench");
        Path weights = args.length > 3 ? Path.of(args[3]).toAbsolutePath() : UntrainedSupernet.write(work.resolve("w"), 5);
        List<String> search = List.of("search", "--config", Path.of("../conf/search.conf").toAbsolutePath().normalize().toString(),
                "--run-id", RUN, "--population", Integer.toString(population), "--generations", Integer.toString(generations),
                "--fidelity", Integer.toString(fidelity), "--seed", "1",
                "--set", "supernet.weights=" + weights,
                "--set", "data.dir=" + Path.of("../data/fashion-mnist").toAbsolutePath().normalize());

        Path localOut = work.resolve("local2");
        List<String> local = new ArrayList<>(search);
        local.addAll(List.of("--output", localOut.toString(), "--set", "spark.master=local[2]",
                "--set", "spark.conf.\"spark.ui.enabled\"=false"));
        CliRun run = CliRun.of(local.toArray(String[]::new));
        if (run.exitCode() != 0) {
            throw new IllegalStateException("the local[2] search failed:\n" + run.output());
        }

        Path clusterOut = work.resolve("cluster");
        try (LocalStandaloneCluster cluster = LocalStandaloneCluster.start(work.resolve("cluster-work"), 2, false)) {
            List<String> submit = new ArrayList<>(List.of("--class", Main.class.getName(),
                    "--conf", "spark.executor.memory=1g", "--conf", "spark.executor.extraJavaOptions=-Dai.djl.offline=true",
                    "--conf", "spark.scheduler.minRegisteredResourcesRatio=1.0", "--conf", "spark.ui.enabled=false",
                    ClusterSearchIT.applicationJar().toString()));
            submit.addAll(search);
            submit.addAll(List.of("--output", clusterOut.toString()));
            Path log = work.resolve("submit.log");
            if (cluster.submit(log, submit) != 0) {
                throw new IllegalStateException("the cluster search failed; see " + log);
            }
        }

        OfaSpace space = (OfaSpace) SearchSpaces.load(Path.of("../conf/spaces/ofa-fmnist.conf"));
        Row localRow = row("Spark local[2]", space, localOut);
        Row clusterRow = row("standalone, 2 workers x 1 core", space, clusterOut);
        List<TrialRecord> trials = store(space, localOut).trials(RUN);
        Row plain = plainLoopInFreshJvm(weights, trials.stream().map(t -> t.trial().architecture()).toList(), fidelity,
                work);

        System.out.printf(Locale.ROOT, "%d candidates (population %d x %d generations), fidelity %d, 2 slots%n",
                trials.size(), population, generations, fidelity);
        System.out.printf(Locale.ROOT, "%-32s %8s %10s %12s %12s %12s%n", "setting", "wall s", "sum eval s",
                "utilisation", "cand/s", "vs plain");
        for (Row r : List.of(localRow, clusterRow, plain)) {
            System.out.printf(Locale.ROOT, "%-32s %8.1f %10.1f %12.3f %12.3f %12.3f%n", r.name(), r.wall(), r.evalSeconds(),
                    r.evalSeconds() / (r.wall() * 2), r.candidates() / r.wall(),
                    (r.candidates() / r.wall()) / (plain.candidates() / plain.wall()));
        }
    }

    record Row(String name, int candidates, double wall, double evalSeconds) {
    }

    private static final String PLAIN = "--plain-loop";

    /**
     * The plain loop in a JVM of its own, as cold as the searches' JVMs: in this JVM PyTorch would
     * already hold the kernels it built for these very shapes during the local[2] search, which made
     * the loop look 1.5x faster than it is.
     */
    private static Row plainLoopInFreshJvm(Path weights, List<Architecture> candidates, int fidelity, Path work)
            throws Exception {
        Path keys = work.resolve("plain-candidates.txt");
        Files.write(keys, candidates.stream().map(Architecture::key).toList());
        Path log = work.resolve("plain-loop.log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "@" + Path.of("../conf/jvm.opts").toAbsolutePath().normalize(), "-Xmx3g", "-Dai.djl.pytorch.num_threads=1",
                "-Dlog4j2.configurationFile=" + Path.of("src/test/resources/log4j2-test.properties").toAbsolutePath(),
                "-cp", ChildJvm.testClasspath(), SearchThroughputBench.class.getName(), PLAIN, weights.toString(),
                Integer.toString(fidelity), keys.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException("the plain loop failed; see " + log);
        }
        String result = Files.readAllLines(log).stream().filter(l -> l.startsWith(PLAIN)).findFirst()
                .orElseThrow(() -> new IllegalStateException("the plain loop printed no result; see " + log));
        String[] f = result.split(" ");
        return new Row("plain loop, 2 threads, no Spark", Integer.parseInt(f[1]), Double.parseDouble(f[2]),
                Double.parseDouble(f[3]));
    }

    private static void plainLoopHere(Path weights, int fidelity, Path keys) throws Exception {
        OfaSpace space = (OfaSpace) SearchSpaces.load(Path.of("../conf/spaces/ofa-fmnist.conf"));
        List<Architecture> candidates = Files.readAllLines(keys).stream().map(space::parse).toList();
        Row row = plainLoop(space, weights, candidates, fidelity);
        System.out.printf(Locale.ROOT, "%s %d %.3f %.3f%n", PLAIN, row.candidates(), row.wall(), row.evalSeconds());
    }

    private static ParquetTrialStore store(OfaSpace space, Path root) {
        return new ParquetTrialStore(SparkTestSession.get(), root.toString(), space, Set.of("accuracy", "loss", "macs", "params"));
    }

    private static Row row(String name, OfaSpace space, Path root) {
        ParquetTrialStore store = store(space, root);
        RunRecord run = store.run(RUN).orElseThrow();
        List<TrialRecord> trials = store.trials(RUN);
        double wall = Duration.between(run.startedAt(), run.endedAt()).toNanos() / 1e9;
        return new Row(name, trials.size(), wall, trials.stream().mapToDouble(t -> t.trial().evalSeconds()).sum());
    }

    /** Two threads, one evaluator each (loaded inside the timing, as Spark's tasks do), largest candidates first. */
    private static Row plainLoop(OfaSpace space, Path weights, List<Architecture> candidates, int fidelity) throws Exception {
        DataSplit split = DataSplit.of(FashionMnist.locate(Path.of("../data/fashion-mnist")), SplitPlan.DEFAULT);
        SupernetEvaluatorFactory factory = new SupernetEvaluatorFactory(space, Files.readAllBytes(weights), weights.toString(),
                split.calibration(), split.validation(), 200);
        List<Architecture> largestFirst = new ArrayList<>(candidates);
        largestFirst.sort(Comparator.comparingLong(space::macs).reversed());
        ConcurrentLinkedQueue<Architecture> queue = new ConcurrentLinkedQueue<>(largestFirst);
        double[] evalSeconds = new double[2];
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long start = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            int slot = t;
            Thread thread = new Thread(() -> {
                try (Evaluator evaluator = factory.create(ComputeDevice.CPU, 1)) {
                    for (Architecture a = queue.poll(); a != null; a = queue.poll()) {
                        long t0 = System.nanoTime();
                        evaluator.evaluate(a, fidelity);
                        evalSeconds[slot] += (System.nanoTime() - t0) / 1e9;
                    }
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread t : threads) {
            t.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("the plain loop failed", failure.get());
        }
        double wall = (System.nanoTime() - start) / 1e9;
        return new Row("plain loop, 2 threads, no Spark", candidates.size(), wall, evalSeconds[0] + evalSeconds[1]);
    }
}
