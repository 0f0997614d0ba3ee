package org.sparknas.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BenchStrategiesCommandTest {

    @TempDir
    Path dir;

    private Path table;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** A whole 4 x 3 space: accuracy grows with the genes (with diminishing returns), cost is their sum. */
    @BeforeEach
    void writeTable() throws IOException {
        StringBuilder csv = new StringBuilder("encoding,acc,cost,name\n");
        for (int i = 0; i < 81; i++) {
            int[] g = {i / 27, i / 9 % 3, i / 3 % 3, i % 3};
            double acc = 50 + 10 * Math.sqrt(g[0] + 2 * g[1]) + 5 * Math.sqrt(g[2]) + 3 * g[3];
            csv.append(String.format(java.util.Locale.ROOT, "\"%d,%d,%d,%d\",%.4f,%d,arch%d%n", g[0], g[1], g[2], g[3], acc,
                    1 + g[0] + g[1] + g[2] + g[3], i));
        }
        table = dir.resolve("toy.csv");
        Files.writeString(table, csv);
    }

    private int run(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void printsTheProtocolTableForEachStrategyAndBudget() {
        int code = run("bench-strategies", "--table", table.toString(), "--accuracy", "acc", "--cost", "cost", "--seeds", "3",
                "--budgets", "81,10", "--strategy", "random", "--strategy", "name = nsga2, population = 4");
        assertEquals(0, code, err.toString());
        String text = out.toString();
        assertTrue(text.contains("benchmark toy (81 architectures): max acc, min cost"), text);
        assertTrue(text.contains("3 seeds (0..2), batch 1"), text);
        List<String> rows = text.lines().filter(l -> l.startsWith("random") || l.startsWith("nsga2")).toList();
        assertEquals(4, rows.size(), text);
        assertTrue(rows.get(0).startsWith("random") && rows.get(0).contains("    10  "), rows.get(0));
        // With the whole space as budget, a strategy that never repeats finds the whole front.
        assertTrue(rows.get(1).contains("    81  1.000 +/- 0.000"), rows.get(1));
        assertTrue(text.contains("driver time per query (asks and tells; seeds x largest budget = 243 queries):"), text);
        assertEquals(2, text.lines().filter(l -> l.matches("  (random|nsga2 population=4) +\\d+\\.\\d\\d ms")).count(), text);
        assertTrue(rows.get(3).startsWith("nsga2 population=4") && rows.get(3).contains("    81  1.000 +/- 0.000"), rows.get(3));
        assertTrue(rows.get(3).endsWith("3/3"), "every seed found the best accuracy: " + rows.get(3));
    }

    @Test
    void aLowFidelityColumnRunsTheMultiFidelityStrategiesInFullQueryEquivalents() {
        // the low fidelity: a column of its own, the accuracy without its last term
        int code = run("bench-strategies", "--table", table.toString(), "--accuracy", "acc", "--cost", "cost", "--seeds", "2",
                "--budgets", "20", "--batch", "4", "--low-fidelity", "cost", "--low-cost", "0.1", "--strategy",
                "name = successive-halving, rungs = [1], candidates = 6", "--strategy", "random");
        assertEquals(0, code, err.toString());
        String text = out.toString();
        assertTrue(text.contains("low fidelity cost at 0.100 of a full query; budgets in full-query equivalents"), text);
        assertEquals(2, text.lines().filter(l -> l.startsWith("successive-halving candidates=6 rungs=[1]")
                || l.startsWith("random ")).filter(l -> l.contains("    20  ")).count(), text);

        assertEquals(2, run("bench-strategies", "--table", table.toString(), "--accuracy", "acc", "--cost", "cost",
                "--strategy", "hyperband"));
        assertTrue(err.toString().contains("hyperband is multi-fidelity: give the table's low fidelity"), err.toString());
        assertEquals(2, run("bench-strategies", "--table", table.toString(), "--accuracy", "acc", "--cost", "cost",
                "--low-fidelity", "cost"));
        assertTrue(err.toString().contains("--low-fidelity needs --low-cost"), err.toString());
        assertEquals(2, run("bench-strategies", "--table", table.toString(), "--accuracy", "acc", "--cost", "cost",
                "--low-fidelity", "cost", "--low-cost", "1.5"));
        assertTrue(err.toString().contains("less than a full one, got 1.5"), err.toString());
    }

    @Test
    void badSettingsStopWithExitCode2AndTheKey() {
        assertEquals(2, run("bench-strategies", "--table", table.toString(), "--accuracy", "acc", "--cost", "cost",
                "--strategy", "name = nsga2, population = 0"));
        assertTrue(err.toString().contains("'strategy.population'"), err.toString());
        assertEquals(2, run("bench-strategies", "--table", table.toString(), "--accuracy", "acc", "--cost", "cost",
                "--strategy", "simulated-annealing"));
        assertTrue(err.toString().contains("unknown strategy 'simulated-annealing'"), err.toString());
        assertEquals(2, run("bench-strategies", "--table", table.toString(), "--accuracy", "top1", "--cost", "cost"));
        assertTrue(err.toString().contains("no numeric column 'top1'"), err.toString());
        assertEquals(2, run("bench-strategies", "--table", dir.resolve("missing.csv").toString(), "--accuracy", "acc", "--cost", "cost"));
        assertTrue(err.toString().contains("does not exist"), err.toString());
        assertEquals(2, run("bench-strategies", "--table", table.toString(), "--accuracy", "acc", "--cost", "cost", "--budgets", "0"));
        assertTrue(err.toString().contains("--budgets must be positive"), err.toString());
        assertEquals(2, run("bench-strategies", "--accuracy", "acc", "--cost", "cost"));
        assertTrue(err.toString().contains("Missing required option: '--table"), err.toString());
        assertTrue(out.toString().isEmpty(), "nothing ran: " + out);
    }
}
