package org.sparknas.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sparknas.spark.SparkTestSession;
import org.sparknas.store.ParetoRecord;
import org.sparknas.store.RunRecord;
import org.sparknas.store.TrialRecord;
import org.sparknas.store.parquet.ParquetTrialStore;
import org.sparknas.strategy.Metrics;

/**
 * Runs every SQL block of docs/tables.md ("The Parquet tables", linked from README) on a search made here, through
 * DuckDB's JDBC driver and through Spark SQL, and checks what each named query returns against
 * the store: the examples analysts copy cannot rot. A query the README gains needs a check here.
 */
class ReadmeQueriesTest {

    private static final Path README = Path.of("../docs/tables.md");
    private static final String SECTION = "# The Parquet tables";
    private static final String SPARK = "Spark SQL";
    private static final String DUCKDB = "DuckDB";
    private static final String SHARED = "Example queries (Spark SQL and DuckDB)";
    /** README's placeholder run id, and the fixture run the queries are run for (constrained by MACs alone). */
    private static final String README_RUN = "'my-run'";
    private static final String RUN = "other-net";

    private static Path root;
    private static ParquetTrialStore store;
    private static List<RunRecord> runs;
    private static Map<String, List<TrialRecord>> trials;

    /** One fenced {@code sql} block and the {@code ###} heading it is under. */
    record Block(String heading, String sql) {

        /** The block's {@code -- name: ...} line; null for a block that sets up views. */
        String name() {
            String first = sql.lines().findFirst().orElse("");
            return first.startsWith("-- name: ") ? first.substring("-- name: ".length()).trim() : null;
        }

        /** The statements, split at a {@code ;} that ends a line. */
        List<String> statements() {
            return Arrays.stream(sql.split(";\\s*(\\n|$)")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        }
    }

    @BeforeAll
    static void search() {
        root = ReportFixture.shared();
        store = ReportFixture.store(root);
        runs = new org.sparknas.store.parquet.ParquetRunSource(new org.apache.hadoop.conf.Configuration(), root.toString()).runs();
        trials = new TreeMap<>();
        runs.forEach(r -> trials.put(r.runId(), store.trials(r.runId())));
    }

    static List<Block> blocks() throws IOException {
        String text = Files.readString(README);
        int start = text.indexOf(SECTION);
        assertTrue(start >= 0, "README has the section '" + SECTION + "'");
        int end = text.indexOf("\n# ", start + SECTION.length());
        List<Block> blocks = new ArrayList<>();
        String heading = "";
        StringBuilder sql = null;
        for (String line : text.substring(start, end < 0 ? text.length() : end).split("\n")) {
            if (sql != null) {
                if (line.startsWith("```")) {
                    blocks.add(new Block(heading, sql.toString()));
                    sql = null;
                } else {
                    sql.append(line).append('\n');
                }
            } else if (line.startsWith("## ")) {
                heading = line.substring(3).trim();
            } else if (line.trim().equals("```sql")) {
                sql = new StringBuilder();
            }
        }
        return blocks;
    }

    /** README's paths and run id, pointed at the fixture's output root and run. */
    private static String localized(String sql) {
        return sql.replace("'out/", "'" + root.toString().replace("'", "''") + "/").replace(README_RUN, "'" + RUN + "'");
    }

    @Test
    void theReadmeHasSetupAndCheckedQueriesForBothEngines() throws IOException {
        List<Block> blocks = blocks();
        assertTrue(blocks.stream().anyMatch(b -> b.heading().equals(SPARK) && b.name() == null), "Spark SQL views");
        assertTrue(blocks.stream().anyMatch(b -> b.heading().equals(DUCKDB) && b.name() == null), "DuckDB views");
        Set<String> names = new LinkedHashSet<>();
        blocks.stream().map(Block::name).filter(java.util.Objects::nonNull).forEach(names::add);
        assertEquals(checks().keySet(), names, "every named README query has a check, and every check a query");
        for (Block b : blocks) {
            assertTrue(List.of(SPARK, DUCKDB, SHARED).contains(b.heading()), "an SQL block under an unknown heading: "
                    + b.heading());
            assertTrue(b.name() != null || b.heading().equals(SPARK) || b.heading().equals(DUCKDB),
                    "an example query without a '-- name:' line: " + b.sql());
        }
    }

    @Test
    void everyDuckDbQueryRunsAndReturnsWhatTheStoreHolds() throws Exception {
        List<String> checked = new ArrayList<>();
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
            for (Block block : blocks()) {
                if (!block.heading().equals(DUCKDB) && !block.heading().equals(SHARED)) {
                    continue;
                }
                List<Map<String, Object>> rows = List.of();
                for (String statement : block.statements()) {
                    rows = duckdb(duck, localized(statement));
                }
                check(block, rows, checked);
            }
        }
        assertTrue(checked.containsAll(List.of("run-settings", "trials-per-run", "front", "latency-by-run")), checked.toString());
    }

    @Test
    void everySparkSqlQueryRunsAndReturnsWhatTheStoreHolds() throws IOException {
        SparkSession spark = SparkTestSession.get();
        List<String> checked = new ArrayList<>();
        try {
            for (Block block : blocks()) {
                if (!block.heading().equals(SPARK) && !block.heading().equals(SHARED)) {
                    continue;
                }
                List<Map<String, Object>> rows = List.of();
                for (String statement : block.statements()) {
                    rows = spark(spark, localized(statement));
                }
                check(block, rows, checked);
            }
        } finally {
            // The README turns partition type inference off; the shared session goes back to Spark's default.
            spark.conf().unset("spark.sql.sources.partitionColumnTypeInference.enabled");
        }
        assertTrue(checked.containsAll(List.of("trials-per-run", "front", "best-by-generation")), checked.toString());
    }

    private static void check(Block block, List<Map<String, Object>> rows, List<String> checked) {
        if (block.name() == null) {
            return;
        }
        Consumer<List<Map<String, Object>>> check = checks().get(block.name());
        if (check == null) {
            fail("README query '" + block.name() + "' has no check in " + ReadmeQueriesTest.class.getSimpleName());
        }
        try {
            check.accept(rows);
        } catch (AssertionError e) {
            throw new AssertionError("README query '" + block.name() + "' under '" + block.heading() + "': " + e.getMessage()
                    + "\nrows: " + rows, e);
        }
        checked.add(block.name());
    }

    private static Map<String, Consumer<List<Map<String, Object>>>> checks() {
        Map<String, Consumer<List<Map<String, Object>>>> c = new LinkedHashMap<>();
        c.put("run-settings", rows -> {
            assertEquals(runs.stream().map(RunRecord::runId).toList(), column(rows, "run_id"));
            for (int i = 0; i < runs.size(); i++) {
                assertEquals(runs.get(i).population(), ((Number) rows.get(i).get("generation_size")).intValue());
                assertEquals(runs.get(i).seed(), ((Number) rows.get(i).get("seed")).longValue());
                assertTrue(rows.get(i).get("objectives").toString().contains("max accuracy"), rows.get(i).toString());
            }
        });
        c.put("trials-per-run", rows -> {
            List<String> expected = new ArrayList<>();
            trials.forEach((run, ts) -> new TreeMap<>(ts.stream().collect(java.util.stream.Collectors.groupingBy(
                    t -> t.trial().status().storeName(), java.util.stream.Collectors.counting())))
                    .forEach((status, n) -> expected.add(run + " " + status + " " + n)));
            assertTrue(expected.stream().anyMatch(e -> e.startsWith("random-a failed ")), "the fixture has failed trials: " + expected);
            assertEquals(expected, rows.stream().map(r -> r.get("run_id") + " " + r.get("status") + " " + r.get("trials"))
                    .toList());
        });
        c.put("runs", rows -> {
            assertEquals(runs.stream().map(RunRecord::runId).toList(), column(rows, "run_id"));
            for (int i = 0; i < runs.size(); i++) {
                RunRecord r = runs.get(i);
                Map<String, Object> row = rows.get(i);
                assertEquals(r.strategy(), row.get("strategy"));
                assertEquals("finished", row.get("status"));
                assertEquals(r.trialsTotal(), ((Number) row.get("trials_total")).longValue());
                assertEquals(r.trialsFailed(), ((Number) row.get("trials_failed")).longValue());
                assertEquals(r.objectives(), row.get("objectives"));
                assertEquals(r.constraints(), row.get("constraints"));
                assertEquals(r.supernetSha256(), row.get("supernet_sha256"));
            }
        });
        c.put("run-health", rows -> {
            assertEquals(runs.stream().map(RunRecord::runId).toList(), column(rows, "run_id"));
            for (int i = 0; i < runs.size(); i++) {
                // finished runs are never stale, whatever their heartbeat
                assertEquals(runs.get(i).status().storeName(), rows.get(i).get("status"));
                assertEquals(rows.get(i).get("status"), rows.get(i).get("state"));
                assertEquals(runs.get(i).generationsDone(), ((Number) rows.get(i).get("generations_done")).intValue());
            }
        });
        c.put("front", rows -> {
            List<Long> expected = rankOne(RUN, "max accuracy, min macs");
            assertFalse(expected.isEmpty());
            assertEquals(expected, longs(rows, "trial_id"));
        });
        c.put("front-from-trials", rows -> assertEquals(rankOne(RUN, "max accuracy, min macs"), longs(rows, "trial_id")));
        c.put("smallest-above-accuracy", rows -> {
            TrialRecord expected = trials.values().stream().flatMap(List::stream)
                    .filter(t -> t.trial().isOk() && t.trial().metric(Metrics.ACCURACY) >= 0.5)
                    .min(Comparator.comparingDouble((TrialRecord t) -> t.trial().metric(Metrics.MODEL_BYTES))
                            .thenComparing(TrialRecord::runId).thenComparingLong(TrialRecord::trialId)).orElseThrow();
            assertEquals(1, rows.size());
            assertEquals(expected.runId() + "/" + expected.trialId(), rows.get(0).get("run_id") + "/" + rows.get(0).get("trial_id"));
            assertEquals(expected.trial().metric(Metrics.MODEL_BYTES), ((Number) rows.get(0).get("model_bytes")).doubleValue());
        });
        c.put("best-under-budget", rows -> {
            List<TrialRecord> ok = new ArrayList<>(trials.values().stream().flatMap(List::stream)
                    .filter(t -> t.trial().isOk() && t.trial().metric(Metrics.MACS) <= 2e6).toList());
            ok.sort(Comparator.comparingDouble((TrialRecord t) -> -t.trial().metric(Metrics.ACCURACY))
                    .thenComparing(TrialRecord::runId).thenComparingLong(TrialRecord::trialId));
            assertEquals(ok.subList(0, 5).stream().map(t -> t.runId() + "/" + t.trialId()).toList(),
                    rows.stream().map(r -> r.get("run_id") + "/" + r.get("trial_id")).toList());
            assertEquals(ok.get(0).trial().metric(Metrics.ACCURACY), ((Number) rows.get(0).get("accuracy")).doubleValue());
        });
        c.put("best-by-generation", rows -> {
            List<String> expected = new ArrayList<>();
            trials.forEach((run, ts) -> {
                double best = Double.NEGATIVE_INFINITY;
                for (int g = 0; g <= ts.get(ts.size() - 1).generation(); g++) {
                    final int gen = g;
                    best = Math.max(best, ts.stream().filter(t -> t.generation() == gen && t.trial().isOk())
                            .mapToDouble(t -> t.trial().metric(Metrics.ACCURACY)).max().orElse(best));
                    expected.add(run + " " + g + " " + best);
                }
            });
            assertEquals(expected, rows.stream().map(r -> r.get("run_id") + " " + r.get("generation") + " "
                    + ((Number) r.get("best_accuracy")).doubleValue()).toList());
        });
        c.put("latency-by-run", rows -> {
            assertEquals(runs.stream().map(RunRecord::runId).toList(), column(rows, "run_id"));
            for (Map<String, Object> row : rows) {
                List<TrialRecord> ok = trials.get((String) row.get("run_id")).stream().filter(t -> t.trial().isOk()).toList();
                long withLatency = ok.stream().filter(t -> t.trial().metrics().containsKey(ReportFixture.LATENCY)).count();
                assertEquals((long) ok.size(), ((Number) row.get("ok_trials")).longValue());
                assertEquals(withLatency, ((Number) row.get("with_latency")).longValue());
                if (withLatency == 0) {
                    assertNull(row.get("fastest_ms"), "a run without the column has no latency");
                } else {
                    assertEquals(ok.stream().mapToDouble(t -> t.trial().metric(ReportFixture.LATENCY)).min().orElseThrow(),
                            ((Number) row.get("fastest_ms")).doubleValue());
                }
            }
            assertEquals(0L, ((Number) rows.get(1).get("with_latency")).longValue(), "other-net has no latency column");
            assertNotNull(rows.get(0).get("fastest_ms"));
        });
        return c;
    }

    /** The run's rank-1 trials of an objective set, most accurate first. */
    private static List<Long> rankOne(String run, String set) {
        return store.pareto(run).stream().filter(p -> p.rank() == 1 && p.objectiveSet().equals(set))
                .sorted(Comparator.comparingDouble((ParetoRecord p) -> -p.values().get(Metrics.ACCURACY)))
                .map(ParetoRecord::trialId).toList();
    }

    private static List<Object> column(List<Map<String, Object>> rows, String name) {
        return rows.stream().map(r -> r.get(name)).toList();
    }

    private static List<Long> longs(List<Map<String, Object>> rows, String name) {
        return rows.stream().map(r -> ((Number) r.get(name)).longValue()).toList();
    }

    private static List<Map<String, Object>> duckdb(Connection duck, String sql) throws SQLException {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Statement s = duck.createStatement()) {
            if (!s.execute(sql)) {
                return rows;
            }
            try (ResultSet r = s.getResultSet()) {
                ResultSetMetaData meta = r.getMetaData();
                while (r.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        Object v = r.getObject(i);
                        row.put(meta.getColumnLabel(i).toLowerCase(Locale.ROOT),
                                v instanceof java.sql.Array a ? Arrays.asList((Object[]) a.getArray()) : v);
                    }
                    rows.add(row);
                }
            }
        } catch (SQLException e) {
            throw new SQLException("DuckDB refused a README statement: " + e.getMessage() + "\n" + sql, e);
        }
        return rows;
    }

    private static List<Map<String, Object>> spark(SparkSession spark, String sql) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Row r : spark.sql(sql).collectAsList()) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 0; i < r.size(); i++) {
                Object v = r.get(i);
                row.put(r.schema().fields()[i].name().toLowerCase(Locale.ROOT),
                        v instanceof scala.collection.Seq<?> seq ? new ArrayList<>(scala.jdk.javaapi.CollectionConverters.asJava(seq)) : v);
            }
            rows.add(row);
        }
        return rows;
    }
}
