package org.sparknas.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.sparknas.store.ParetoRecord;
import org.sparknas.store.RunRecord;
import org.sparknas.store.StoredRun;
import org.sparknas.store.TrialRecord;
import org.sparknas.store.parquet.ParquetRunSource;
import org.sparknas.strategy.Metrics;

/**
 * The report page as a reader gets it: opened from disk in a real Chromium (Debian's, driven by
 * its ChromeDriver), offline. It must load without console errors and fetch nothing, draw every
 * stored trial, show a point's architecture when hovered, sort and filter its table, and show the
 * export command of a row. Screenshots land in {@code target/browser/} for a person to look at.
 *
 * <p>CI installs Chromium ({@code .ci/run}) and sets {@code SPARKNAS_BROWSER_TESTS=required}, so
 * there the test cannot be skipped; elsewhere, without Chromium, it is skipped with the command
 * that installs it.
 */
class ReportInBrowserTest {

    private static final Path SHOTS = Path.of("target/browser");

    private static Path work;
    private static WebDriver browser;
    private static List<StoredRun> runs;
    private static ReportResult report;

    @BeforeAll
    static void openBrowser() throws IOException {
        boolean present = HeadlessChromium.present();
        if (!present && "required".equals(System.getenv("SPARKNAS_BROWSER_TESTS"))) {
            throw new IllegalStateException(HeadlessChromium.installHint());
        }
        Assumptions.assumeTrue(present, HeadlessChromium.installHint());

        work = Files.createTempDirectory("report-browser");
        ParquetRunSource source = new ParquetRunSource(new Configuration(), ReportFixture.shared().toString());
        runs = new ArrayList<>();
        for (RunRecord run : source.runs()) {
            runs.add(source.load(run, RunSpace.of(run)));
        }
        report = new ReportJob(source, work.resolve("report"), Clock.systemUTC()).run(List.of());
        Files.createDirectories(SHOTS);

        browser = HeadlessChromium.start(work.resolve("profile"));
    }

    @AfterAll
    static void closeBrowser() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (work != null) {
            try (var paths = Files.walk(work)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Opens a page and waits until every view is drawn; returns the errors its views reported. */
    private static List<?> open(Path page) {
        browser.get(page.toUri().toString());
        Object errors = js().executeAsyncScript("var done = arguments[arguments.length - 1];"
                + "window.sparknasReport.ready.then(function (api) { done(api.errors); }, function (e) { done(['ready: ' + e]); });");
        return (List<?>) errors;
    }

    private static JavascriptExecutor js() {
        return (JavascriptExecutor) browser;
    }

    private static long number(String script) {
        return ((Number) js().executeScript(script)).longValue();
    }

    private static void screenshot(String name, String elementId) throws IOException {
        if (elementId != null) {
            js().executeScript("document.getElementById(arguments[0]).scrollIntoView()", elementId);
        }
        Files.write(SHOTS.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    private static List<String> severeConsoleEntries() {
        List<String> severe = new ArrayList<>();
        for (LogEntry e : browser.manage().logs().get(LogType.BROWSER).getAll()) {
            if (e.getLevel().intValue() >= Level.WARNING.intValue()) {
                severe.add(e.getLevel() + " " + e.getMessage());
            }
        }
        return severe;
    }

    @Test
    void thePageOpensFromDiskDrawsEveryTrialAndShowsAnArchitectureOnHover() throws IOException {
        assertEquals(List.of(), open(report.index()), "views that could not be drawn");
        assertEquals(List.of(), severeConsoleEntries(), "console errors or warnings");
        assertEquals(0L, number("return performance.getEntriesByType('resource').length"), "the page fetches nothing");
        screenshot("overview", null);

        // The Pareto plot: accuracy against MACs, every successful trial of the three runs once.
        long measured = runs.stream().flatMap(r -> r.trials().stream()).filter(t -> t.trial().isOk()
                && t.trial().metrics().containsKey(Metrics.MACS) && t.trial().metrics().containsKey(Metrics.ACCURACY)).count();
        assertTrue(measured > 30, "fixture trials: " + measured);
        assertEquals(measured, number("return sparknasReport.countMarks('pareto', 'symbol')"));
        assertEquals(measured, browser.findElements(By.cssSelector("#pareto svg g.mark-symbol.role-mark path")).size(),
                "one SVG shape per point");

        // Hover the topmost point (drawn last: a front member): the tooltip shows its architecture key.
        List<WebElement> points = browser.findElements(By.cssSelector("#pareto svg g.mark-symbol.role-mark path"));
        @SuppressWarnings("unchecked")
        Map<String, Object> last = (Map<String, Object>) js().executeScript("var d = sparknasReport.lastMarkDatum('pareto',"
                + " 'symbol'); return {arch: d.arch, run: d.run, trial: d.trial, kind: d.kind};");
        assertEquals("front", last.get("kind"), "fronts are drawn on top");
        new Actions(browser).moveToElement(points.get(points.size() - 1)).perform();
        String text = visibleTooltip();
        assertTrue(text.contains((String) last.get("arch")), "tooltip shows the architecture: " + text);
        assertTrue(text.contains("architecture") && text.contains("run") && text.contains("accuracy"), text);
        assertTrue(text.contains((String) last.get("run")), text);
        screenshot("hover", null);
        new Actions(browser).moveToElement(browser.findElement(By.tagName("h1"))).perform();

        // Hypervolume against evaluations: one point per run and generation with a hypervolume.
        long hvPoints = 0;
        for (StoredRun run : runs) {
            hvPoints += RunHypervolume.of(run, RunGoal.of(run.run())).trace().stream()
                    .filter(p -> !Double.isNaN(p.hypervolume())).count();
        }
        assertEquals(hvPoints, number("return sparknasReport.countMarks('hypervolume', 'symbol')"));
        screenshot("hypervolume", "view-hypervolume");

        // The effect view: a point per choice and value that a successful trial made, pooled over the runs.
        Set<String> chosen = new LinkedHashSet<>();
        for (StoredRun run : runs) {
            for (TrialRecord t : run.trials()) {
                if (t.trial().isOk()) {
                    run.space().choices(t.trial().architecture()).forEach((c, values) -> values.forEach(v -> chosen.add(c + "=" + v)));
                }
            }
        }
        assertEquals(chosen.size(), number("return sparknasReport.countMarks('effects', 'symbol')"));
        assertTrue(number("return sparknasReport.countMarks('parallel', 'line')") > 0, "parallel coordinates drawn");
        screenshot("parallel", "view-parallel");
        screenshot("effects", "view-effects");

        // The table: every trial; "fronts only" leaves each run's own front; sorting by accuracy puts the best first.
        long all = runs.stream().mapToLong(r -> r.trials().size()).sum();
        WebElement counter = browser.findElement(By.id("trial-count"));
        assertEquals(all + " of " + all + " trials", counter.getText());
        long fronts = 0;
        for (StoredRun run : runs) {
            String own = RunGoal.setName(RunGoal.of(run.run()).objectives());
            fronts += run.pareto().stream().filter(p -> p.rank() == 1 && p.objectiveSet().equals(own))
                    .map(ParetoRecord::trialId).distinct().count();
        }
        browser.findElement(By.id("table-front")).click();
        assertEquals(fronts + " of " + all + " trials", counter.getText());
        browser.findElement(By.id("table-front")).click();
        browser.findElement(By.cssSelector("#trials-table th[data-column='accuracy']")).click();
        browser.findElement(By.cssSelector("#trials-table th[data-column='accuracy']")).click();
        double best = runs.stream().flatMap(r -> r.trials().stream()).filter(t -> t.trial().isOk())
                .mapToDouble(t -> t.trial().metric(Metrics.ACCURACY)).max().orElseThrow();
        List<WebElement> headers = browser.findElements(By.cssSelector("#trials-table th"));
        int accuracyColumn = headers.indexOf(browser.findElement(By.cssSelector("#trials-table th[data-column='accuracy']")));
        String top = browser.findElements(By.cssSelector("#trials-table tr")).get(1).findElements(By.tagName("td"))
                .get(accuracyColumn).getText();
        assertEquals(best, Double.parseDouble(top), 1e-4, "descending accuracy: the best first");

        // Filtering by an architecture key, then its export command.
        TrialRecord some = runs.get(0).trials().stream().filter(t -> t.trial().isOk()).findFirst().orElseThrow();
        WebElement filter = browser.findElement(By.id("trial-filter"));
        filter.sendKeys(some.archKey());
        assertTrue(counter.getText().startsWith(matching(some.archKey()) + " of "), counter.getText());
        browser.findElement(By.cssSelector("#trials-table a.export-link")).click();
        String command = browser.findElement(By.id("export-text")).getText();
        assertTrue(command.startsWith("bin/sparknas specialize --output " + ReportFixture.shared() + " --run-id "), command);
        assertTrue(command.contains("--architecture " + some.archKey() + " --export export/"), command);
        screenshot("trials", "view-trials");
        assertEquals(List.of(), severeConsoleEntries(), "no errors while used");
    }

    /** The tooltip's text once it shows (vega-tooltip makes its element visible on the next frame). */
    private static String visibleTooltip() {
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < until) {
            List<WebElement> shown = browser.findElements(By.cssSelector("#vg-tooltip-element.visible"));
            if (!shown.isEmpty() && !shown.get(0).getText().isBlank()) {
                return shown.get(0).getText();
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("no tooltip within 10 s of hovering the point");
    }

    private static long matching(String archKey) {
        return runs.stream().flatMap(r -> r.trials().stream()).filter(t -> t.archKey().contains(archKey)).count();
    }

    @Test
    void aPageWithoutRunsSaysSoAndHasNoErrors() throws IOException {
        Path empty = Files.createDirectories(work.resolve("empty-root"));
        ReportResult none = new ReportJob(new ParquetRunSource(new Configuration(), empty.toString()),
                work.resolve("empty-report"), Clock.systemUTC()).run(List.of());
        assertEquals(List.of(), open(none.index()));
        assertEquals(List.of(), severeConsoleEntries());
        assertTrue(browser.findElement(By.id("problems")).getText().contains("no runs under"));
        screenshot("no-runs", null);
    }

    /** Runs that searched different objectives: each pair can be chosen, and switching redraws without errors. */
    @Test
    void runsWithDifferentObjectivesCanEachBePlotted() throws IOException {
        StoredRun macsRun = runs.get(0);
        StoredRun other = runs.stream().filter(r -> r.runId().equals("random-a")).findFirst().orElseThrow();
        RunRecord latencyRecord = ReportFixture.runRecord("latency-run", "random", "sha-x",
                List.of("max accuracy", "min " + ReportFixture.LATENCY), List.of());
        StoredRun latencyRun = new StoredRun(latencyRecord, other.space(), other.trials(), List.of());
        org.sparknas.store.RunSource source = new org.sparknas.store.RunSource() {
            public String root() { return "two-goals"; }
            public List<RunRecord> runs() { return List.of(latencyRecord, macsRun.run()); }
            public StoredRun load(RunRecord run, org.sparknas.space.SearchSpace space) {
                return run.runId().equals("latency-run") ? latencyRun : macsRun;
            }
        };
        ReportResult mixed = new ReportJob(source, work.resolve("mixed"), Clock.systemUTC()).run(List.of());
        assertEquals(List.of(), open(mixed.index()));
        List<WebElement> options = browser.findElements(By.cssSelector("#pareto-pair option"));
        assertEquals(List.of("accuracy against latency_cpu_b1 (ms)", "accuracy against MACs (millions)"),
                options.stream().map(WebElement::getText).toList());
        long withLatency = java.util.stream.Stream.of(latencyRun, macsRun).flatMap(r -> r.trials().stream())
                .filter(t -> t.trial().isOk() && t.trial().metrics().containsKey(ReportFixture.LATENCY)).count();
        assertEquals(withLatency, number("return sparknasReport.countMarks('pareto', 'symbol')"));
        js().executeAsyncScript("var done = arguments[arguments.length - 1];"
                + "var s = document.getElementById('pareto-pair'); s.selectedIndex = 1; s.dispatchEvent(new Event('change'));"
                + "sparknasReport.pending.then(function () { done(); });");
        long withMacs = java.util.stream.Stream.of(latencyRun, macsRun).flatMap(r -> r.trials().stream())
                .filter(t -> t.trial().isOk() && t.trial().metrics().containsKey(Metrics.MACS)).count();
        assertEquals(withMacs, number("return sparknasReport.countMarks('pareto', 'symbol')"));
        assertEquals(List.of(), js().executeScript("return sparknasReport.errors"));
        assertEquals(List.of(), severeConsoleEntries());
        screenshot("two-goals", "view-pareto");
    }
}
