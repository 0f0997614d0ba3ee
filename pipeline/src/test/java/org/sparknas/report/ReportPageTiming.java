package org.sparknas.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * Bench (bench/report-size.sh): opens a report page in headless Chromium REPETITIONS times and prints
 * how long it took from navigation until every view was drawn, and how many points the Pareto plot holds.
 *
 * <pre>java -cp ... org.sparknas.report.ReportPageTiming REPORT/index.html [repetitions]</pre>
 */
public final class ReportPageTiming {

    private ReportPageTiming() {
    }

    public static void main(String[] args) throws Exception {
        Path page = Path.of(args[0]).toAbsolutePath();
        int repetitions = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        if (!HeadlessChromium.present()) {
            System.out.println("page in Chromium: not measured; " + HeadlessChromium.installHint());
            return;
        }
        Path profile = Files.createTempDirectory("report-timing");
        WebDriver browser = HeadlessChromium.start(profile);
        try {
            for (int i = 1; i <= repetitions; i++) {
                browser.get(page.toUri().toString());
                @SuppressWarnings("unchecked")
                Map<String, Object> r = (Map<String, Object>) ((JavascriptExecutor) browser).executeAsyncScript(
                        "var done = arguments[arguments.length - 1];"
                        + "window.sparknasReport.ready.then(function (api) { done({ms: performance.now(), errors: api.errors,"
                        + " timings: api.timings, points: api.countMarks('pareto', 'symbol'), trials: api.data.runs.reduce(function (n, r) {"
                        + " return n + r.trials.length; }, 0)}); });");
                System.out.printf("page in Chromium %d/%d: every view drawn %.0f ms after navigation (ms per view: %s);"
                                + " %s trials, %s points in the Pareto plot%s%n", i, repetitions, ((Number) r.get("ms")).doubleValue(),
                        r.get("timings"), r.get("trials"), r.get("points"),
                        ((List<?>) r.get("errors")).isEmpty() ? "" : "; errors " + r.get("errors"));
            }
        } finally {
            browser.quit();
        }
    }
}
