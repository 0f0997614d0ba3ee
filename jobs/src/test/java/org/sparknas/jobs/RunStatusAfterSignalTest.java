package org.sparknas.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparknas.space.SearchSpaces;
import org.sparknas.store.RunRecord;
import org.sparknas.store.RunStatus;
import org.sparknas.store.parquet.ParquetTrialStore;
import picocli.CommandLine;

/**
 * A search stopped by SIGTERM ends its run as failed (interrupted) through its shutdown hook; one
 * killed by SIGKILL stays {@code running}, and {@code runs} shows it as stale from its heartbeat.
 */
class RunStatusAfterSignalTest {

    @TempDir
    Path tmp;

    private static List<String> search(Path output, String runId) {
        return List.of("search", "--config", "../conf/search.conf", "--output", output.toString(), "--run-id", runId,
                "--generation-size", "4", "--generations", "7", "--fidelity", "100", "--seed", "11",
                "--set", "evaluator.provider=org.sparknas.search.FormulaEvaluatorProvider",
                "--set", "evaluator.settings.sleep-ms=400",
                "--set", "spark.master=local[2]", "--set", "spark.conf.\"spark.ui.enabled\"=false");
    }

    private Process startAndWaitForGeneration(Path root, String runId) throws Exception {
        Path log = tmp.resolve(runId + ".log");
        Process p = ChildJvm.start(log, search(root, runId));
        Path second = root.resolve("trials/run_id=" + runId + "/gen-00001.parquet");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.exists(second) && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(Files.exists(second), "the run never reached its second generation: " + Files.readString(log));
        return p;
    }

    @Test
    void sigtermMarksTheRunInterruptedAndSigkillLeavesAStaleHeartbeat() throws Exception {
        Path root = tmp.resolve("out");
        Process terminated = startAndWaitForGeneration(root, "term");
        terminated.destroy(); // SIGTERM
        assertTrue(terminated.waitFor(60, TimeUnit.SECONDS), "the search did not stop on SIGTERM");
        Process killed = startAndWaitForGeneration(root, "kill");
        killed.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook runs

        var space = SearchSpaces.load(Path.of("../conf/spaces/ofa-fmnist.conf"));
        ParquetTrialStore store = new ParquetTrialStore(new org.apache.hadoop.conf.Configuration(), root.toString(), space,
                Set.of("accuracy", "loss", "macs", "params"));
        RunRecord term = store.run("term").orElseThrow();
        assertEquals(RunStatus.FAILED, term.status(), Files.readString(tmp.resolve("term.log")));
        assertTrue(term.message().startsWith("interrupted: the driver JVM was stopped"), term.message());
        assertTrue(term.endedAt() != null);
        RunRecord kill = store.run("kill").orElseThrow();
        assertEquals(RunStatus.RUNNING, kill.status());
        assertTrue(kill.heartbeatAt() != null);

        Thread.sleep(1100); // the heartbeat of the killed run is now more than a second old
        StringWriter out = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        assertEquals(0, cli.execute("runs", "--output", root.toString(), "--stale-after", "1"));
        String listed = out.toString();
        String killLine = listed.lines().filter(l -> l.startsWith("kill ")).findFirst().orElseThrow();
        String termLine = listed.lines().filter(l -> l.startsWith("term ")).findFirst().orElseThrow();
        assertTrue(killLine.contains(" stale ") && killLine.contains("its driver is gone"), listed);
        assertTrue(termLine.contains(" failed ") && termLine.contains("interrupted"), listed);

        StringWriter relaxed = new StringWriter();
        cli = Main.commandLine();
        cli.setOut(new PrintWriter(relaxed));
        assertEquals(0, cli.execute("runs", "--output", root.toString()));
        assertTrue(relaxed.toString().lines().anyMatch(l -> l.startsWith("kill ") && l.contains(" running ")), relaxed.toString());
    }
}
