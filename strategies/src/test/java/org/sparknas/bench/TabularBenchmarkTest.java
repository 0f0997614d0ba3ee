package org.sparknas.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparknas.config.ConfigException;
import org.sparknas.space.CategoricalSpace;
import org.sparknas.space.Dimension;

class TabularBenchmarkTest {

    static final Path MACRO = Path.of("src/test/resources/bench/macro-6layers.csv");

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    @Test
    void loadsATableAndDerivesItsSpace() {
        TabularBenchmark table = TabularBenchmark.load(MACRO);
        assertEquals("macro-6layers", table.name());
        assertEquals(729, table.size());
        assertEquals(List.of("mean_acc", "params", "flops"), table.metrics());
        assertEquals(8, table.space().dimensions().size());
        assertEquals(new Dimension("x1", List.of(0, 1, 2)), table.space().dimensions().get(0));
        assertEquals(new Dimension("x8", List.of(0)), table.space().dimensions().get(7));
        assertEquals(729, table.space().size().intValue());
        Map<String, Double> row = table.lookup(table.space().parse("0,0,0,0,0,1,0,0")).orElseThrow();
        assertEquals(Map.of("mean_acc", 70.4167, "params", 507562.0, "flops", 11962880.0), row);
    }

    @Test
    void readsQuotedFieldsAndIgnoresTextColumns() throws IOException {
        Path file = write("t.csv", "index,encoding,arch_str,acc\n0,\"1,0\",|a~0|+|b~1|,90.5\n1,\"0,1\",\"x,\"\"y\"\"\",80\n");
        TabularBenchmark table = TabularBenchmark.load(file);
        assertEquals(List.of("index", "acc"), table.metrics());
        assertEquals(80.0, table.lookup(table.space().parse("0,1")).orElseThrow().get("acc"));
        assertTrue(table.lookup(table.space().parse("1,1")).isEmpty(), "a combination the table lacks has no row");
    }

    @Test
    void checksRowsAgainstAGivenSpace() throws IOException {
        Path file = write("t.csv", "encoding,acc\n\"1,0\",90\n\"0,7\",80\n");
        CategoricalSpace space = CategoricalSpace.uniform("s", "e", 2, List.of(0, 1));
        String message = assertThrows(ConfigException.class, () -> TabularBenchmark.load(file, space)).getMessage();
        assertTrue(message.contains("line 3") && message.contains("value 7 of dimension 'e2'"), message);
    }

    @Test
    void refusesBrokenTablesNamingTheProblem() throws IOException {
        assertTrue(assertThrows(ConfigException.class, () -> TabularBenchmark.load(dir.resolve("none.csv"))).getMessage()
                .contains("does not exist"));
        assertTrue(assertThrows(ConfigException.class, () -> TabularBenchmark.load(write("a.csv", "enc,acc\n\"1\",2\n")))
                .getMessage().contains("has no 'encoding' column"));
        assertTrue(assertThrows(ConfigException.class, () -> TabularBenchmark.load(write("b.csv", "encoding,acc\n\"1,0\",2\n\"1,0\",3\n")))
                .getMessage().contains("lists architecture 1,0 twice (lines 2 and 3)"));
        assertTrue(assertThrows(ConfigException.class, () -> TabularBenchmark.load(write("c.csv", "encoding,acc\n\"1,x\",2\n")))
                .getMessage().contains("encoding '1,x' is not a list of integers"));
        assertTrue(assertThrows(ConfigException.class, () -> TabularBenchmark.load(write("d.csv", "encoding,acc\n\"1,0\",2,3\n")))
                .getMessage().contains("line 2: 3 fields where the header has 2"));
        assertTrue(assertThrows(ConfigException.class, () -> TabularBenchmark.load(write("e.csv", "encoding,acc\n\"1,0,2\n")))
                .getMessage().contains("unclosed quote"));
        TabularBenchmark table = TabularBenchmark.load(MACRO);
        assertTrue(assertThrows(ConfigException.class, () -> new Benchmark(table, new BenchTask("accuracy", "flops")))
                .getMessage().contains("no numeric column 'accuracy'; its metrics are [mean_acc, params, flops]"));
    }
}
