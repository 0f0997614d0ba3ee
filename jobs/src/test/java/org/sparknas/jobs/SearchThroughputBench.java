package org.sparknas.jobs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
import org.sparknas.spark.EnginePreloadPlugin;
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
 *   <li>throughput in candidates per second, and its ratio to the plain loop, which is the ratio of the
 *       utilisations times the inverse ratio of the mean seconds per evaluation ({@code s/eval}): the first
 *       is what Spark's scheduling costs, the second what the JVM around the evaluations costs (JIT
 *       compilation of Spark's own code, in every executor JVM) plus the machine's drift between runs;</li>
 *   <li>the first generation's wall seconds, where the executors' cold start (engine, model, JIT) falls;</li>
 *   <li>the whole command's wall seconds (JVM starts, Spark's set-up and the executors' start included).</li>
 * </ul>
 * Each search and each plain loop runs in a fresh JVM (the cluster's executors are fresh too).
 * The three settings run one after the other, {@code repetitions} times, in an order that rotates
 * (local, cluster, plain; cluster, plain, local; plain, local, cluster; ...), and each keeps its
 * fastest repetition: the speed of this shared machine drifts by 10-30% within seconds, and a single
 * run of each would compare the drift as much as the settings.
 * Arguments: population, generations, fidelity, weights file, repetitions.
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
        Path weights = Path.of(args[3]).toAbsolutePath();
        int repetitions = Integer.parseInt(args[4]);
        Path work = Files.createTempDirectory("sparknas-bench");
        List<String> search = List.of("search", "--config", Path.of("../conf/search.conf").toAbsolutePath().normalize().toString(),
                "--run-id", RUN, "--population", Integer.toString(population), "--generations", Integer.toString(generations),
                "--fidelity", Integer.toString(fidelity), "--seed", "1",
                "--set", "supernet.weights=" + weights,
                "--set", "data.dir=" + Path.of("../data/fashion-mnist").toAbsolutePath().normalize());
        OfaSpace space = (OfaSpace) SearchSpaces.load(Path.of("../conf/spaces/ofa-fmnist.conf"));
        List<Row> local = new ArrayList<>();
        List<Row> cluster = new ArrayList<>();
        List<Row> plain = new ArrayList<>();
        List<Architecture> candidates = new ArrayList<>(); // the search's, known after the first search
        try (LocalStandaloneCluster standalone = LocalStandaloneCluster.start(work.resolve("cluster-work"), 2, false)) {
            for (int rep = 0; rep < repetitions; rep++) {
                // the order rotates (local-cluster-plain, cluster-plain-local, plain-local-cluster, ...) so that no
                // setting always runs at the same point of the machine's drift
                for (int turn = 0; turn < 3; turn++) {
                    switch ((turn + rep) % 3) {
                        case 0 -> {
                            Path out = work.resolve("local2-" + rep);
                            local.add(localSearch(search, out, work.resolve("local2-" + rep + ".log"), space));
                            if (candidates.isEmpty()) {
                                store(space, out).trials(RUN).forEach(t -> candidates.add(t.trial().architecture()));
                            }
                        }
                        case 1 -> cluster.add(clusterSearch(standalone, search, work.resolve("cluster-" + rep),
                                work.resolve("submit-" + rep + ".log"), space));
                        default -> plain.add(plainLoopInFreshJvm(weights, candidates, fidelity, work, rep));
                    }
                }
                System.out.printf(Locale.ROOT, "repetition %d:%n", rep + 1);
                print(List.of(local.get(rep), cluster.get(rep), plain.get(rep)), plain.get(rep));
            }
        }

        Row bestPlain = fastest(plain);
        System.out.printf(Locale.ROOT, "%d candidates (population %d x %d generations), fidelity %d, 2 slots; fastest of %d"
                + " repetition(s) each (work files in %s):%n", bestPlain.candidates(), population, generations, fidelity,
                repetitions, work);
        print(List.of(fastest(local), fastest(cluster), bestPlain), bestPlain);
    }

    private static Row localSearch(List<String> search, Path out, Path log, OfaSpace space) throws Exception {
        List<String> args = new ArrayList<>(search);
        args.addAll(List.of("--output", out.toString(), "--set", "spark.master=local[2]",
                "--set", "spark.conf.\"spark.ui.enabled\"=false"));
        // a JVM of its own each time: the second search in one JVM evaluated the same candidates about 25%
        // faster than the first (its code compiled, engine and caches warm), which no user's search is
        long start = System.nanoTime();
        Process process = ChildJvm.start(log, args, "3g");
        if (process.waitFor() != 0) {
            throw new IllegalStateException("the local[2] search failed; see " + log);
        }
        return row("Spark local[2]", space, out, secondsSince(start));
    }

    private static Row clusterSearch(LocalStandaloneCluster standalone, List<String> search, Path out, Path log,
                                     OfaSpace space) throws Exception {
        List<String> submit = new ArrayList<>(List.of("--class", Main.class.getName(),
                "--conf", "spark.executor.memory=1g",
                "--conf", "spark.executor.extraJavaOptions=-Dai.djl.offline=true -XX:CompileThresholdScaling=5",
                // standalone counts the ratio against spark.cores.max: without it the search does not wait
                // for the executors, and their JVM start fell into the first generation
                "--conf", "spark.cores.max=2", "--conf", "spark.scheduler.minRegisteredResourcesRatio=1.0",
                "--conf", "spark.ui.enabled=false", "--conf", "spark.plugins=" + EnginePreloadPlugin.class.getName(),
                ClusterSearchIT.applicationJar().toString()));
        submit.addAll(search);
        submit.addAll(List.of("--output", out.toString()));
        long start = System.nanoTime();
        if (standalone.submit(log, submit) != 0) {
            throw new IllegalStateException("the cluster search failed; see " + log);
        }
        return row("standalone, 2 workers x 1 core", space, out, secondsSince(start));
    }

    private static void print(List<Row> rows, Row plain) {
        System.out.printf(Locale.ROOT, "%-32s %8s %10s %8s %12s %12s %12s %12s %10s%n", "setting", "wall s", "sum eval s",
                "s/eval", "utilisation", "cand/s", "vs plain", "gen 1 wall s", "process s");
        for (Row r : rows) {
            System.out.printf(Locale.ROOT, "%-32s %8.1f %10.1f %8.3f %12.3f %12.3f %12.3f %12s %10.1f%n", r.name(), r.wall(),
                    r.evalSeconds(), r.evalSeconds() / r.candidates(), r.evalSeconds() / (r.wall() * 2), r.candidates() / r.wall(),
                    (r.candidates() / r.wall()) / (plain.candidates() / plain.wall()),
                    Double.isNaN(r.firstGenerationWall()) ? "-" : String.format(Locale.ROOT, "%.1f", r.firstGenerationWall()),
                    r.processWall());
        }
        System.out.flush();
    }

    private static Row fastest(List<Row> rows) {
        return rows.stream().min(Comparator.comparingDouble(Row::wall)).orElseThrow();
    }

    /**
     * One search (or the plain loop); {@code firstGenerationWall} is NaN where there are no generations;
     * {@code processWall} is the whole command's, JVM starts and Spark's set-up included.
     */
    record Row(String name, int candidates, double wall, double evalSeconds, double firstGenerationWall, double processWall) {
    }

    private static double secondsSince(long nanoTime) {
        return (System.nanoTime() - nanoTime) / 1e9;
    }

    private static final String PLAIN = "--plain-loop";

    /**
     * The plain loop in a JVM of its own, as cold as the searches' JVMs: run in the bench's JVM after
     * the searches (code compiled, engine warm), it looked 1.5x faster than it is.
     */
    private static Row plainLoopInFreshJvm(Path weights, List<Architecture> candidates, int fidelity, Path work, int rep)
            throws Exception {
        Path keys = work.resolve("plain-candidates.txt");
        Files.write(keys, candidates.stream().map(Architecture::key).toList());
        Path log = work.resolve("plain-loop-" + rep + ".log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "@" + Path.of("../conf/jvm.opts").toAbsolutePath().normalize(), "-Xmx3g", "-Dai.djl.pytorch.num_threads=1",
                "-Dlog4j2.configurationFile=" + Path.of("src/test/resources/log4j2-test.properties").toAbsolutePath(),
                "-cp", ChildJvm.testClasspath(), SearchThroughputBench.class.getName(), PLAIN, weights.toString(),
                Integer.toString(fidelity), keys.toString()));
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        int exit = process.waitFor();
        double processWall = secondsSince(start);
        if (exit != 0) {
            throw new IllegalStateException("the plain loop failed; see " + log);
        }
        String result = Files.readAllLines(log).stream().filter(l -> l.startsWith(PLAIN)).findFirst()
                .orElseThrow(() -> new IllegalStateException("the plain loop printed no result; see " + log));
        String[] f = result.split(" ");
        return new Row("plain loop, 2 threads, no Spark", Integer.parseInt(f[1]), Double.parseDouble(f[2]),
                Double.parseDouble(f[3]), Double.NaN, processWall);
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

    private static Row row(String name, OfaSpace space, Path root, double processWall) {
        ParquetTrialStore store = store(space, root);
        RunRecord run = store.run(RUN).orElseThrow();
        List<TrialRecord> trials = store.trials(RUN);
        double wall = Duration.between(run.startedAt(), run.endedAt()).toNanos() / 1e9;
        Instant firstGenerationDone = trials.stream().filter(t -> t.generation() == 0).map(TrialRecord::createdAt)
                .max(Comparator.naturalOrder()).orElse(run.startedAt());
        return new Row(name, trials.size(), wall, trials.stream().mapToDouble(t -> t.trial().evalSeconds()).sum(),
                Duration.between(run.startedAt(), firstGenerationDone).toNanos() / 1e9, processWall);
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
        return new Row("plain loop, 2 threads, no Spark", candidates.size(), wall, evalSeconds[0] + evalSeconds[1], Double.NaN,
                Double.NaN);
    }
}
