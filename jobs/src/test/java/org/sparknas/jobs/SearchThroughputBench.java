package org.sparknas.jobs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hadoop.conf.Configuration;
import org.sparknas.data.DataSplit;
import org.sparknas.data.FashionMnist;
import org.sparknas.data.SplitPlan;
import org.sparknas.eval.Evaluator;
import org.sparknas.eval.SupernetEvaluatorFactory;
import org.sparknas.space.Architecture;
import org.sparknas.space.OfaSpace;
import org.sparknas.space.SearchSpaces;
import org.sparknas.spark.EnginePreloadPlugin;
import org.sparknas.store.RunRecord;
import org.sparknas.store.TrialRecord;
import org.sparknas.store.parquet.ParquetTrialStore;
import org.sparknas.supernet.ComputeDevice;

/**
 * The search job's speed (a benchmark, not a test; run by {@code bench/search-throughput.sh}).
 * The same search (same seed, so the same candidates) runs on Spark local[2] and on a standalone
 * cluster of two one-core Workers, and the same candidates are then evaluated without Spark by a
 * plain loop of two threads in a fresh JVM, in two ways:
 * <ul>
 *   <li>per generation: each generation's candidates largest first, both threads waiting for each
 *       other at the end of every generation. This is the search without Spark (a generation's
 *       candidates exist only once the previous one has been told), and the reference of the ratio;</li>
 *   <li>one queue: all candidates at once, largest first, no waits. No generational search can do
 *       this; it bounds what any scheduling could reach.</li>
 * </ul>
 * It prints, side by side:
 * <ul>
 *   <li>slot utilisation = sum of per-candidate evaluation seconds / (search wall seconds x 2 slots),
 *       the wall time being the run catalog's start to end (every generation, store writes included);</li>
 *   <li>throughput in candidates per second, and its ratio to the per-generation loop ({@code vs plain})
 *       and to the one-queue loop ({@code vs 1 queue}); a ratio is the ratio of the utilisations times the
 *       inverse ratio of the mean seconds per evaluation ({@code s/eval}): the first is what Spark's
 *       scheduling costs, the second what the JVMs around the evaluations cost plus the machine's drift;</li>
 *   <li>the first generation's wall seconds, where the executors' cold start (engine, model, JIT) falls;</li>
 *   <li>the whole command's wall seconds (JVM starts, Spark's set-up and the executors' start included);</li>
 *   <li>on Linux, from the threads' CPU in {@code /proc} during the search: the share of the 2 cores that the
 *       evaluating threads got ({@code eval CPU}), the share all other threads of all Java processes took
 *       ({@code other CPU}: JIT, GC, scheduling, RPC, Master and Workers; not the bench's JVM, which samples), and the
 *       evaluating threads' CPU seconds per candidate ({@code CPU s/eval}). The ratio of two settings' eval CPU
 *       shares is their throughput ratio where an evaluation costs the same CPU seconds in both; unlike the
 *       wall-clock ratio, it does not move with the machine's speed, which {@code CPU s/eval} shows drifting.</li>
 * </ul>
 * Each search and each plain loop runs in a fresh JVM (the cluster's executors are fresh too).
 * The four settings run one after the other, {@code repetitions} times, in an order that rotates
 * (local, cluster, per generation, one queue; cluster, per generation, one queue, local; ...), and each
 * keeps its fastest repetition: the speed of this shared machine drifts by 10-30% within seconds, and a
 * single run of each would compare the drift as much as the settings.
 * Arguments: generation size, generations, fidelity, weights file, repetitions.
 */
public final class SearchThroughputBench {

    private static final String RUN = "bench";

    private SearchThroughputBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals(PLAIN)) {
            plainLoopHere(Path.of(args[1]), Integer.parseInt(args[2]), Path.of(args[3]), args[4].equals("per-generation"));
            return;
        }
        int generationSize = Integer.parseInt(args[0]);
        int generations = Integer.parseInt(args[1]);
        int fidelity = Integer.parseInt(args[2]);
        Path weights = Path.of(args[3]).toAbsolutePath();
        int repetitions = Integer.parseInt(args[4]);
        Path work = Files.createTempDirectory("sparknas-bench");
        List<String> search = List.of("search", "--config", Path.of("../conf/search.conf").toAbsolutePath().normalize().toString(),
                "--run-id", RUN, "--generation-size", Integer.toString(generationSize), "--generations", Integer.toString(generations),
                "--fidelity", Integer.toString(fidelity), "--seed", "1",
                "--set", "supernet.weights=" + weights,
                "--set", "data.dir=" + Path.of("../data/fashion-mnist").toAbsolutePath().normalize());
        OfaSpace space = (OfaSpace) SearchSpaces.load(Path.of("../conf/spaces/ofa-fmnist.conf"));
        List<Row> local = new ArrayList<>();
        List<Row> cluster = new ArrayList<>();
        List<Row> plain = new ArrayList<>();
        List<Row> oneQueue = new ArrayList<>();
        List<List<Architecture>> generationsAsked = new ArrayList<>(); // the search's, known after the first search
        try (ThreadCpuSampler cpu = ThreadCpuSampler.startIfAvailable(); // null (no CPU columns) without /proc
             LocalStandaloneCluster standalone = LocalStandaloneCluster.start(work.resolve("cluster-work"), 2, false)) {
            for (int rep = 0; rep < repetitions; rep++) {
                // the order rotates (local-cluster-per generation-one queue, cluster-per generation-one queue-local,
                // ...) so that no setting always runs at the same point of the machine's drift; the local search
                // goes first in the first repetition, as the loops need its candidates
                for (int turn = 0; turn < 4; turn++) {
                    if (cpu != null) {
                        cpu.restart();
                    }
                    switch ((turn + rep) % 4) {
                        case 0 -> {
                            Path out = work.resolve("local2-" + rep);
                            local.add(localSearch(search, out, work.resolve("local2-" + rep + ".log"), space, cpu));
                            if (generationsAsked.isEmpty()) {
                                generationsAsked.addAll(generations(store(space, out).trials(RUN)));
                            }
                        }
                        case 1 -> cluster.add(clusterSearch(standalone, search, work.resolve("cluster-" + rep),
                                work.resolve("submit-" + rep + ".log"), space, cpu));
                        case 2 -> plain.add(plainLoopInFreshJvm(weights, generationsAsked, fidelity, work, rep, true, cpu));
                        default -> oneQueue.add(plainLoopInFreshJvm(weights, generationsAsked, fidelity, work, rep, false, cpu));
                    }
                }
                System.out.printf(Locale.ROOT, "repetition %d:%n", rep + 1);
                print(List.of(local.get(rep), cluster.get(rep), plain.get(rep), oneQueue.get(rep)), plain.get(rep),
                        oneQueue.get(rep));
            }
        }

        Row bestPlain = fastest(plain);
        System.out.printf(Locale.ROOT, "%d candidates (generation size %d x %d generations), fidelity %d, 2 slots; fastest of %d"
                + " repetition(s) each (work files in %s):%n", bestPlain.candidates(), generationSize, generations, fidelity,
                repetitions, work);
        print(List.of(fastest(local), fastest(cluster), bestPlain, fastest(oneQueue)), bestPlain, fastest(oneQueue));
        System.out.printf(Locale.ROOT, "throughput against the per-generation loop of the same repetition (min / median / max):"
                + " local[2] %s, cluster %s%n", spread(local, plain), spread(cluster, plain));
        if (bestPlain.cpu() != null) {
            System.out.printf(Locale.ROOT, "share of the 2 cores that the evaluating threads got, against the per-generation loop's"
                    + " of the same repetition (min / median / max): local[2] %s, cluster %s%n",
                    spread(local, plain, SearchThroughputBench::evalShare), spread(cluster, plain, SearchThroughputBench::evalShare));
        }
    }

    /** The share of the 2 cores that the evaluating threads got during the search. */
    private static double evalShare(Row row) {
        return row.cpu().evalShare(2);
    }

    /** Min, median and max over the repetitions of a setting's throughput ratio to the loop of the same repetition. */
    private static String spread(List<Row> setting, List<Row> reference) {
        // same candidates, so the throughput ratio is the inverse ratio of the walls
        return spread(setting, reference, r -> 1 / r.wall());
    }

    /** Min, median and max over the repetitions of the ratio of {@code figure} to the reference's of the same repetition. */
    private static String spread(List<Row> setting, List<Row> reference, java.util.function.ToDoubleFunction<Row> figure) {
        double[] ratios = new double[setting.size()];
        for (int i = 0; i < ratios.length; i++) {
            ratios[i] = figure.applyAsDouble(setting.get(i)) / figure.applyAsDouble(reference.get(i));
        }
        Arrays.sort(ratios);
        int n = ratios.length;
        double median = n % 2 == 1 ? ratios[n / 2] : (ratios[n / 2 - 1] + ratios[n / 2]) / 2;
        return String.format(Locale.ROOT, "%.3f / %.3f / %.3f", ratios[0], median, ratios[n - 1]);
    }

    /** The search's candidates, generation by generation. */
    private static List<List<Architecture>> generations(List<TrialRecord> trials) {
        TreeMap<Integer, List<Architecture>> byGeneration = new TreeMap<>();
        for (TrialRecord t : trials) {
            byGeneration.computeIfAbsent(t.generation(), g -> new ArrayList<>()).add(t.trial().architecture());
        }
        return List.copyOf(byGeneration.values());
    }

    private static Row localSearch(List<String> search, Path out, Path log, OfaSpace space, ThreadCpuSampler cpu) throws Exception {
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
        return row("Spark local[2]", space, out, secondsSince(start), cpu);
    }

    private static Row clusterSearch(LocalStandaloneCluster standalone, List<String> search, Path out, Path log,
                                     OfaSpace space, ThreadCpuSampler cpu) throws Exception {
        List<String> submit = new ArrayList<>(List.of("--class", Main.class.getName(),
                "--conf", "spark.executor.memory=1g",
                // -Xmn64m: a small fixed young generation that the evaluations' garbage keeps reusing; G1's own
                // sizing grew it to about 500 MB of memory touched for the first time, and the kernel's page
                // clearing took 2.7-3.4% of the executors' CPU (0.4-0.5% with it; perf, side by side)
                "--conf", "spark.executor.extraJavaOptions=-Dai.djl.offline=true -XX:CompileThresholdScaling=5 -Xmn64m",
                // standalone counts the ratio against spark.cores.max: without it the search does not wait
                // for the executors, and their JVM start fell into the first generation
                "--conf", "spark.cores.max=2", "--conf", "spark.scheduler.minRegisteredResourcesRatio=1.0",
                "--conf", "spark.ui.enabled=false", "--conf", "spark.plugins=" + EnginePreloadPlugin.class.getName(),
                ClusterSearchIT.applicationJar().toString()));
        submit.addAll(search);
        submit.addAll(List.of("--output", out.toString()));
        long start = System.nanoTime();
        // the driver compiles with C1 only, as README recommends for cluster drivers: it schedules tasks and writes
        // small files, code too lukewarm for C2 (driver CPU per search 4.7-5.0 -> 3.2 core-s, two pairs of runs)
        if (standalone.submit(log, List.of("-XX:TieredStopAtLevel=1"), submit) != 0) {
            throw new IllegalStateException("the cluster search failed; see " + log);
        }
        return row("standalone, 2 workers x 1 core", space, out, secondsSince(start), cpu);
    }

    private static void print(List<Row> rows, Row plain, Row oneQueue) {
        System.out.printf(Locale.ROOT, "%-38s %8s %10s %8s %12s %8s %9s %10s %12s %10s %9s %10s %10s%n", "setting", "wall s",
                "sum eval s", "s/eval", "utilisation", "cand/s", "vs plain", "vs 1 queue", "gen 1 wall s", "process s",
                "eval CPU", "other CPU", "CPU s/eval");
        for (Row r : rows) {
            System.out.printf(Locale.ROOT, "%-38s %8.1f %10.1f %8.3f %12.3f %8.3f %9.3f %10.3f %12s %10.1f %9s %10s %10s%n", r.name(),
                    r.wall(), r.evalSeconds(), r.evalSeconds() / r.candidates(), r.evalSeconds() / (r.wall() * 2),
                    r.candidates() / r.wall(), (r.candidates() / r.wall()) / (plain.candidates() / plain.wall()),
                    (r.candidates() / r.wall()) / (oneQueue.candidates() / oneQueue.wall()),
                    Double.isNaN(r.firstGenerationWall()) ? "-" : String.format(Locale.ROOT, "%.1f", r.firstGenerationWall()),
                    r.processWall(),
                    r.cpu() == null ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * r.cpu().evalShare(2)),
                    r.cpu() == null ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * r.cpu().otherShare(2)),
                    // the sampled window is up to a second shorter than the search: its CPU scaled to the whole wall
                    r.cpu() == null ? "-" : String.format(Locale.ROOT, "%.3f",
                            r.cpu().evalCpu() * (r.wall() / r.cpu().seconds()) / r.candidates()));
        }
        System.out.flush();
    }

    private static Row fastest(List<Row> rows) {
        return rows.stream().min(Comparator.comparingDouble(Row::wall)).orElseThrow();
    }

    /**
     * One search (or the plain loop); {@code firstGenerationWall} is NaN where there are no generations;
     * {@code processWall} is the whole command's, JVM starts and Spark's set-up included; {@code cpu} is what
     * the Java processes used during the search (null where /proc cannot be read).
     */
    record Row(String name, int candidates, double wall, double evalSeconds, double firstGenerationWall, double processWall,
               ThreadCpuSampler.Usage cpu) {
    }

    private static double secondsSince(long nanoTime) {
        return (System.nanoTime() - nanoTime) / 1e9;
    }

    private static final String PLAIN = "--plain-loop";

    /**
     * A plain loop in a JVM of its own, as cold as the searches' JVMs: run in the bench's JVM after
     * the searches (code compiled, engine warm), it looked 1.5x faster than it is.
     */
    private static Row plainLoopInFreshJvm(Path weights, List<List<Architecture>> generations, int fidelity, Path work,
                                           int rep, boolean perGeneration, ThreadCpuSampler cpu) throws Exception {
        Path keys = work.resolve("plain-candidates.txt"); // one line per candidate: generation, tab, architecture key
        List<String> lines = new ArrayList<>();
        for (int g = 0; g < generations.size(); g++) {
            for (Architecture a : generations.get(g)) {
                lines.add(g + "\t" + a.key());
            }
        }
        Files.write(keys, lines);
        String mode = perGeneration ? "per-generation" : "one-queue";
        Path log = work.resolve("plain-" + mode + "-" + rep + ".log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "@" + Path.of("../conf/jvm.opts").toAbsolutePath().normalize(), "-Xmx3g", "-Dai.djl.pytorch.num_threads=1",
                "-Dlog4j2.configurationFile=" + Path.of("src/test/resources/log4j2-test.properties").toAbsolutePath(),
                "-cp", ChildJvm.testClasspath(), SearchThroughputBench.class.getName(), PLAIN, weights.toString(),
                Integer.toString(fidelity), keys.toString(), mode));
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
        return new Row(perGeneration ? "plain loop, 2 threads, per generation" : "plain loop, 2 threads, one queue",
                Integer.parseInt(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3]), Double.NaN, processWall,
                cpu == null ? null : cpu.usage(Instant.ofEpochMilli(Long.parseLong(f[4])), Instant.ofEpochMilli(Long.parseLong(f[5]))));
    }

    private static void plainLoopHere(Path weights, int fidelity, Path keys, boolean perGeneration) throws Exception {
        OfaSpace space = (OfaSpace) SearchSpaces.load(Path.of("../conf/spaces/ofa-fmnist.conf"));
        TreeMap<Integer, List<Architecture>> byGeneration = new TreeMap<>();
        for (String line : Files.readAllLines(keys)) {
            String[] f = line.split("\t");
            byGeneration.computeIfAbsent(Integer.parseInt(f[0]), g -> new ArrayList<>()).add(space.parse(f[1]));
        }
        List<List<Architecture>> batches = perGeneration ? List.copyOf(byGeneration.values())
                : List.of(byGeneration.values().stream().flatMap(List::stream).toList());
        PlainRun run = plainLoop(space, weights, batches, fidelity);
        System.out.printf(Locale.ROOT, "%s %d %.3f %.3f %d %d%n", PLAIN, run.candidates(), run.wall(), run.evalSeconds(),
                run.from().toEpochMilli(), run.to().toEpochMilli());
    }

    private static ParquetTrialStore store(OfaSpace space, Path root) {
        return new ParquetTrialStore(new Configuration(), root.toString(), space, Set.of("accuracy", "loss", "macs", "params"));
    }

    private static Row row(String name, OfaSpace space, Path root, double processWall, ThreadCpuSampler cpu) {
        ParquetTrialStore store = store(space, root);
        RunRecord run = store.run(RUN).orElseThrow();
        List<TrialRecord> trials = store.trials(RUN);
        double wall = Duration.between(run.startedAt(), run.endedAt()).toNanos() / 1e9;
        Instant firstGenerationDone = trials.stream().filter(t -> t.generation() == 0).map(TrialRecord::createdAt)
                .max(Comparator.naturalOrder()).orElse(run.startedAt());
        return new Row(name, trials.size(), wall, trials.stream().mapToDouble(t -> t.provenance().evalSeconds()).sum(),
                Duration.between(run.startedAt(), firstGenerationDone).toNanos() / 1e9, processWall,
                cpu == null ? null : cpu.usage(run.startedAt(), run.endedAt()));
    }

    /**
     * Two threads, one evaluator each (loaded inside the timing, as Spark's tasks do); each batch's
     * candidates largest first, and both threads wait for each other at the end of a batch.
     */
    private static PlainRun plainLoop(OfaSpace space, Path weights, List<List<Architecture>> batches, int fidelity)
            throws Exception {
        DataSplit split = DataSplit.of(FashionMnist.locate(Path.of("../data/fashion-mnist")), SplitPlan.DEFAULT);
        SupernetEvaluatorFactory factory = new SupernetEvaluatorFactory(space, Files.readAllBytes(weights), weights.toString(),
                split.calibration(), split.validation(), 200);
        List<ConcurrentLinkedQueue<Architecture>> queues = new ArrayList<>();
        for (List<Architecture> batch : batches) {
            List<Architecture> largestFirst = new ArrayList<>(batch);
            largestFirst.sort(Comparator.comparingLong(space::macs).reversed());
            queues.add(new ConcurrentLinkedQueue<>(largestFirst));
        }
        int threadCount = 2;
        CyclicBarrier endOfBatch = new CyclicBarrier(threadCount);
        double[] evalSeconds = new double[threadCount];
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Instant from = Instant.now();
        long start = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < threadCount; t++) {
            int slot = t;
            Thread thread = new Thread(() -> {
                try (Evaluator evaluator = factory.create(ComputeDevice.CPU, 1)) {
                    for (ConcurrentLinkedQueue<Architecture> queue : queues) {
                        for (Architecture a = queue.poll(); a != null; a = queue.poll()) {
                            long t0 = System.nanoTime();
                            evaluator.evaluate(a, fidelity);
                            evalSeconds[slot] += (System.nanoTime() - t0) / 1e9;
                        }
                        endOfBatch.await();
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e); // the first error, not the other thread's broken barrier
                    endOfBatch.reset(); // the other thread's await fails instead of waiting for ever
                }
            }, "plain-eval-" + t); // the CPU sampler knows the evaluating threads by this name
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
        int candidates = batches.stream().mapToInt(List::size).sum();
        return new PlainRun(candidates, wall, Arrays.stream(evalSeconds).sum(), from, Instant.now());
    }

    /** The plain loop's figures, and the wall-clock window its evaluating threads ran in. */
    private record PlainRun(int candidates, double wall, double evalSeconds, Instant from, Instant to) {
    }
}
