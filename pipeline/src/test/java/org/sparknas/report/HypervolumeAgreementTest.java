package org.sparknas.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparknas.latency.LatencyEntry;
import org.sparknas.latency.LatencyTable;
import org.sparknas.latency.LatencyTableCsv;
import org.sparknas.latency.LayerKey;
import org.sparknas.latency.SpaceCostEstimator;
import org.sparknas.latency.SpaceLayers;
import org.sparknas.latency.TableInfo;
import org.sparknas.search.SearchJob;
import org.sparknas.search.SearchSettings;
import org.sparknas.space.Architecture;
import org.sparknas.space.BlockShape;
import org.sparknas.space.OfaSpace;
import org.sparknas.space.SubnetShape;
import org.sparknas.spark.SparkTestSession;
import org.sparknas.store.HypervolumeScale;
import org.sparknas.store.RunRecord;
import org.sparknas.store.parquet.LegacyRunRows;
import org.sparknas.store.parquet.ParquetRunSource;
import org.sparknas.store.parquet.ParquetTrialStore;

/**
 * One hypervolume per run, wherever it is shown: four searches (formula evaluator, one latency
 * table) under one output root, two for accuracy against the table latency and two for accuracy
 * against MACs. The progress lines, the catalog, the report's per-run trace and overview, and the
 * comparison across runs must give the same number; the report groups the runs by objectives.
 */
class HypervolumeAgreementTest {

    private static final OfaSpace SPACE = ReportFixture.SPACE;
    private static final String LATENCY_GOAL = "search.objectives = [\"max accuracy\", \"min latency_cpu_b1\"]\n";
    private static final String MACS_GOAL = "search.objectives = [\"max accuracy\", \"min macs\"]\n";
    private static final List<String> RUNS = List.of("lat-a", "lat-b", "macs-a", "macs-b");
    private static final Pattern HV = Pattern.compile("\\| HV ([0-9.]+) \\|");

    @TempDir
    static Path shared;

    private static Path root;
    private static LatencyTable cpu;
    private static final Map<String, List<String>> PRINTED = new LinkedHashMap<>();

    @TempDir
    Path dir;

    @BeforeAll
    static void searchFourRuns() throws IOException {
        Path csv = Files.writeString(shared.resolve("cpu.csv"), LatencyTableCsv.write(table()));
        cpu = LatencyTableCsv.read(Files.readAllBytes(csv), csv.toString());
        root = shared.resolve("out");
        search("lat-a", 1, LATENCY_GOAL);
        search("lat-b", 2, LATENCY_GOAL);
        search("macs-a", 1, MACS_GOAL);
        search("macs-b", 2, MACS_GOAL);
    }

    /** A CPU-like table: a small per-layer overhead plus a cost per MAC, batch 1. */
    private static LatencyTable table() {
        List<LatencyEntry> entries = new ArrayList<>();
        Set<LayerKey> done = new HashSet<>();
        for (Architecture a : SpaceLayers.covering(SPACE)) {
            SubnetShape s = SPACE.shape(a);
            add(entries, done, LayerKey.stem(s), 0.02 + s.stemMacs() * 1e-6);
            for (BlockShape b : s.blocks()) {
                add(entries, done, LayerKey.block(b), 0.02 + b.macs() * 1e-6);
            }
            add(entries, done, LayerKey.head(s), 0.02 + s.headMacs() * 1e-6);
        }
        return new LatencyTable(new TableInfo(SPACE.name(), SPACE.fingerprint(), "cpu", "cpu", 1, "formula", "none", 0, 1,
                "2026-01-01T00:00:00Z"), entries);
    }

    private static void add(List<LatencyEntry> entries, Set<LayerKey> done, LayerKey key, double ms) {
        if (done.add(key)) {
            entries.add(new LatencyEntry(key, 1, ms, ms, ms));
        }
    }

    private static void search(String runId, long seed, String goal) {
        Config base = ConfigFactory.parseFile(Path.of("../conf/search.conf").toFile()).withoutPath("latency");
        String hocon = "run-id = " + runId + "\noutput = \"" + root + "\"\n"
                + "evaluator.provider = org.sparknas.search.FormulaEvaluatorProvider\n"
                + "search { generation-size = 6, generations = 3, fidelity = 100, seed = " + seed + " }\n"
                + "latency.tables { cpu = \"" + shared.resolve("cpu.csv") + "\" }\n" + goal;
        SearchSettings settings = SearchSettings.fromConfig(ConfigFactory.parseString(hocon).withFallback(base).resolve());
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        new SearchJob(settings, new PrintStream(printed, true, StandardCharsets.UTF_8)).run(SparkTestSession.get());
        List<String> values = new ArrayList<>();
        Matcher m = HV.matcher(printed.toString(StandardCharsets.UTF_8));
        while (m.find()) {
            values.add(m.group(1));
        }
        PRINTED.put(runId, values);
    }

    private static String four(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    /** The last column of the CSV row whose first column is {@code runId}, for every such row. */
    private static List<String> column(Path csv, String runId, int column) throws IOException {
        return Files.readAllLines(csv).stream().skip(1).map(l -> l.split(",", -1)).filter(f -> f[0].equals(runId))
                .map(f -> f[column]).toList();
    }

    @Test
    void theSearchTheCatalogTheReportAndTheComparisonShowOneHypervolume() throws IOException {
        ParquetTrialStore store = ReportFixture.store(root);
        ReportResult result = new ReportJob(new ParquetRunSource(new org.apache.hadoop.conf.Configuration(), root.toString()), dir,
                Clock.systemUTC()).run(List.of());
        assertEquals(RUNS, result.runIds());
        String html = Files.readString(result.index());
        Map<String, String> overview = new LinkedHashMap<>();
        HtmlTables.rows(html, "runs-table").forEach(r -> overview.put(r.get("run"), r.get("hypervolume")));

        double largestLatency = SpaceCostEstimator.of(SPACE, Map.of("cpu", cpu)).estimate(SPACE.largest())
                .get("latency_cpu_b1");
        for (String runId : RUNS) {
            RunRecord run = store.run(runId).orElseThrow();
            double catalog = run.hypervolume();
            assertFalse(Double.isNaN(catalog), runId + ": the catalog stores the hypervolume");
            // the table latency is scaled by the largest architecture's table latency, which the report cannot know
            double nadir = runId.startsWith("lat") ? largestLatency : SPACE.macs(SPACE.largest());
            assertEquals(new HypervolumeScale(List.of(1.0, 0.0), List.of(0.0, nadir)), run.hypervolumeScale(), runId);

            List<String> printed = PRINTED.get(runId);
            assertEquals(3, printed.size(), runId + " printed " + printed);
            assertEquals(four(catalog), printed.get(2), runId + ": the last progress line is the catalog's number");

            List<String> trace = column(dir.resolve("runs/" + runId + "/hypervolume.csv"), runId, 3);
            assertEquals(printed, trace.stream().map(v -> four(Double.parseDouble(v))).toList(),
                    runId + ": the report's hypervolume by generation is what the search printed");
            assertEquals(catalog, Double.parseDouble(trace.get(2)), runId + ": the report's final hypervolume");
            assertEquals(four(catalog), overview.get(runId), runId + ": the overview's hypervolume");

            String group = runId.startsWith("lat") ? "cross-run/1" : "cross-run/2";
            List<String> compared = column(dir.resolve(group + "/comparison.csv"), runId, 5);
            assertEquals(List.of(Double.toString(catalog)), compared, runId + ": the comparison's final hypervolume");
            assertEquals(List.of("1"), column(dir.resolve(group + "/comparison.csv"), runId, 6), "one scale per group");
            List<String> crossTrace = column(dir.resolve(group + "/hypervolume.csv"), runId, 3);
            assertEquals(trace, crossTrace, runId + ": the comparison's line is the run's own trace");
        }

        // Two objective sets: every run is reported, and each set gets its own comparison.
        assertTrue(result.crossRun());
        assertEquals(List.of("lat-a", "lat-b"), HtmlTables.rows(html, "cross-run-1-comparison").stream()
                .map(r -> r.get("run_id")).toList());
        assertEquals(List.of("macs-a", "macs-b"), HtmlTables.rows(html, "cross-run-2-comparison").stream()
                .map(r -> r.get("run_id")).toList());
        assertTrue(html.contains("<h2 id=\"cross-run-1\">Across runs lat-a, lat-b</h2>"), html);
        assertTrue(html.contains("<h2 id=\"cross-run-2\">Across runs macs-a, macs-b</h2>"), html);
        assertTrue(Files.size(dir.resolve("cross-run/2/front.csv")) > 0);
        assertFalse(Files.exists(dir.resolve("cross-run/comparison.csv")), "no unnumbered group beside numbered ones");
        assertTrue(html.contains("Every run is on one hypervolume scale (accuracy 1.0000 to 0.0000, latency_cpu_b1 0.000 to "
                + String.format(Locale.ROOT, "%.3f", largestLatency) + " ms (stored by the search)), so the values compare."),
                html);
    }

    @Test
    void aCatalogRowFromBeforeTheHypervolumeColumnsIsReportedOnAReDerivedScaleAndSaysSo() throws IOException {
        Path copy = dir.resolve("copy");
        ReportFixture.copyTree(root, copy);
        RunRecord stored = ReportFixture.store(copy).run("lat-b").orElseThrow();
        LegacyRunRows.write(stored, copy);
        RunRecord old = ReportFixture.store(copy).run("lat-b").orElseThrow();
        assertNull(old.hypervolumeScale());

        ReportResult result = new ReportJob(new ParquetRunSource(new org.apache.hadoop.conf.Configuration(), copy.toString()),
                dir.resolve("report"), Clock.systemUTC()).run(List.of("lat-a", "lat-b"));
        String html = Files.readString(result.index());
        assertTrue(html.contains("Note: the catalog row of run lat-b stores no hypervolume scale (it was written before"
                + " sparknas stored one), so the report re-derived it"), html);
        Map<String, String> overview = new LinkedHashMap<>();
        HtmlTables.rows(html, "runs-table").forEach(r -> overview.put(r.get("run"), r.get("hypervolume")));
        assertEquals(four(stored.hypervolume()).length(), overview.get("lat-b").length(), "a number: " + overview);
        assertEquals(four(ReportFixture.store(copy).run("lat-a").orElseThrow().hypervolume()), overview.get("lat-a"));
        // lat-b's latency is now scaled by its first feasible trials: not the scale of lat-a, and the page says so
        List<Map<String, String>> comparison = HtmlTables.rows(html, "cross-run-comparison");
        assertEquals(List.of("1", "2"), comparison.stream().map(r -> r.get("hypervolume_scale")).toList());
        assertTrue(html.contains("The runs&#39; hypervolumes are on 2 different scales (scale 1: lat-a ("), html);
    }
}
