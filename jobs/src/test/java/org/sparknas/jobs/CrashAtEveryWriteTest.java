package org.sparknas.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparknas.space.SearchSpace;
import org.sparknas.space.SearchSpaces;
import org.sparknas.store.RunStatus;
import org.sparknas.store.TrialRecord;
import org.sparknas.store.parquet.ParquetTrialStore;

/**
 * Kills a real search process inside its writes, at many moments, and resumes it each time with the
 * same command: the resumed run must end finished with exactly the trials of an uninterrupted run.
 *
 * <p>A first, uninterrupted run records every mutating file operation of the output root in order
 * ({@link CrashingLocalFileSystem}). The kill points are then: before every rename and delete, and
 * inside every file written (before its first byte, half way, and with every byte written but the file
 * not closed), from the run's start through the first generation's writes and in the run's last
 * catalog write. Set {@code -Dsparknas.crash.all=true} to kill at every point of the whole run.
 */
class CrashAtEveryWriteTest {

    private static final String RUN = "crashed";

    @TempDir
    Path tmp;

    private static List<String> search(Path output) {
        return List.of("search", "--config", "../conf/search.conf", "--output", output.toString(), "--run-id", RUN,
                "--generation-size", "4", "--generations", "3", "--fidelity", "100", "--seed", "5",
                "--set", "evaluator.provider=org.sparknas.search.FormulaEvaluatorProvider",
                "--set", "spark.master=local[1]", "--set", "spark.conf.\"spark.ui.enabled\"=false");
    }

    /** One mutating file operation of the uninterrupted run. */
    record Operation(int index, String kind, String name, long bytes) {
    }

    /** Kill at operation {@code op}; for a create, once {@code bytes} bytes are written (-1: at its close). */
    record KillPoint(int op, long bytes, String what) {
        String property() {
            return op + ":" + bytes;
        }
    }

    @Test
    void everyKillPointResumesToTheUninterruptedTrials() throws Exception {
        Path straight = tmp.resolve("straight");
        Path record = tmp.resolve("operations.txt");
        Process first = start(tmp.resolve("straight.log"), straight, "-Dcrashfs.record=" + record);
        assertTrue(first.waitFor(180, TimeUnit.SECONDS), "the uninterrupted run did not end");
        assertEquals(0, first.exitValue(), Files.readString(tmp.resolve("straight.log")));
        List<Operation> operations = operations(record);
        SearchSpace space = SearchSpaces.load(Path.of("../conf/spaces/ofa-fmnist.conf"));
        List<String> expected = comparable(store(straight, space).trials(RUN));
        assertEquals(12, expected.size());

        List<KillPoint> points = killPoints(operations, Boolean.getBoolean("sparknas.crash.all"));
        List<String> differences = new ArrayList<>();
        int i = 0;
        for (KillPoint point : points) {
            Path root = tmp.resolve("kill-" + i++);
            Path log = tmp.resolve(root.getFileName() + ".log");
            Process killed = start(log, root, "-Dcrashfs.at=" + point.property());
            assertTrue(killed.waitFor(180, TimeUnit.SECONDS), point + " never ended");
            assertEquals(CrashingLocalFileSystem.HALTED, killed.exitValue(),
                    point + ": the run was not killed there: " + Files.readString(log));

            CliRun resumed = CliRun.of(search(root).toArray(String[]::new));
            if (resumed.exitCode() != 0) {
                differences.add(point + ": the resume exited " + resumed.exitCode() + ": " + lastLines(resumed.output()));
                continue;
            }
            ParquetTrialStore store = store(root, space);
            List<String> got = comparable(store.trials(RUN));
            if (!got.equals(expected)) {
                differences.add(point + ": other trials after the resume: " + got);
            } else if (store.run(RUN).orElseThrow().status() != RunStatus.FINISHED) {
                differences.add(point + ": the run is " + store.run(RUN).orElseThrow().status() + " after the resume");
            }
        }
        System.out.println("CrashAtEveryWriteTest: " + points.size() + " kill points in " + operations.size()
                + " file operations, " + differences.size() + " with differences");
        assertTrue(points.size() >= 25, "too few kill points: " + points);
        assertEquals(List.of(), differences);
    }

    /** The kill points of a recorded run (see the class comment). */
    static List<KillPoint> killPoints(List<Operation> operations, boolean all) {
        // The suite kills in every operation from the run's first catalog write to the end of the first
        // generation's writes (one of each kind: trial file, Pareto rows, catalog row), and in the last
        // catalog write (the run marked finished); later generations repeat the same kinds of write.
        int firstGenerationEnd = indexAfter(operations, "gen-00001");
        int lastWrite = lastIndexOf(operations, "create", ".run.parquet."); // the catalog row's last temporary file
        List<KillPoint> points = new ArrayList<>();
        for (Operation o : operations) {
            if (o.name().startsWith(".write-probe-")) {
                continue; // the writability probe is not part of the tables
            }
            if (!all && o.index() >= firstGenerationEnd && o.index() < lastWrite - 1) {
                continue;
            }
            if (o.kind().equals("create")) {
                points.add(new KillPoint(o.index(), 0, "before the first byte of " + o.name()));
                if (o.bytes() > 1) {
                    points.add(new KillPoint(o.index(), o.bytes() / 2, "at byte " + o.bytes() / 2 + " of " + o.bytes() + " of " + o.name()));
                }
                points.add(new KillPoint(o.index(), -1, "with all " + o.bytes() + " bytes of " + o.name() + " written, not closed"));
            } else {
                points.add(new KillPoint(o.index(), 0, "before " + o.kind() + " " + o.name()));
            }
        }
        return points;
    }

    /** The index of the first operation on a file whose name contains {@code part}. */
    private static int indexAfter(List<Operation> operations, String part) {
        return operations.stream().filter(o -> o.name().contains(part)).mapToInt(Operation::index).findFirst()
                .orElseThrow(() -> new AssertionError("no operation on " + part + ": " + operations));
    }

    private static int lastIndexOf(List<Operation> operations, String kind, String namePrefix) {
        return operations.stream().filter(o -> o.kind().equals(kind) && o.name().startsWith(namePrefix))
                .mapToInt(Operation::index)
                .max().orElseThrow(() -> new AssertionError("no " + kind + " " + namePrefix + "...: " + operations));
    }

    private static List<Operation> operations(Path record) throws IOException {
        TreeMap<Integer, Operation> byIndex = new TreeMap<>();
        for (String line : Files.readAllLines(record)) {
            String[] f = line.split(" ");
            int index = Integer.parseInt(f[0]);
            long bytes = f[1].equals("create") ? Long.parseLong(f[3]) : 0;
            byIndex.put(index, new Operation(index, f[1], f[2], bytes));
        }
        assertEquals(byIndex.lastKey() + 1, byIndex.size(), "every operation was recorded: " + byIndex.values());
        return new ArrayList<>(byIndex.values());
    }

    private Process start(Path log, Path root, String property) throws IOException {
        Path conf = tmp.resolve("crashfs-conf");
        Files.createDirectories(conf);
        Files.writeString(conf.resolve("core-site.xml"), """
                <?xml version="1.0"?>
                <configuration>
                  <property><name>fs.file.impl</name><value>org.sparknas.jobs.CrashingLocalFileSystem</value></property>
                </configuration>
                """);
        List<String> jvm = List.of("-Dcrashfs.root=" + root.toAbsolutePath(), property);
        return ChildJvm.start(log, search(root), "1g", jvm, conf + File.pathSeparator + ChildJvm.testClasspath());
    }

    private static ParquetTrialStore store(Path root, SearchSpace space) {
        return new ParquetTrialStore(new org.apache.hadoop.conf.Configuration(), root.toString(), space, Set.of("accuracy", "loss", "macs", "params"));
    }

    private static List<String> comparable(List<TrialRecord> trials) {
        return ResumeAfterKillTest.comparable(trials);
    }

    private static String lastLines(String output) {
        String[] lines = output.split("\n");
        return String.join("\n", java.util.Arrays.copyOfRange(lines, Math.max(0, lines.length - 5), lines.length));
    }
}
