package org.sparknas.report;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.sparknas.store.RunRecord;

/**
 * The report's {@code index.html}: an overview of the runs, the analysis across runs when there
 * are several, then one section per run. Plain HTML with images beside it, so it opens from disk
 * (or any static file server) without scripts or network.
 */
final class ReportPage {

    private final StringBuilder html = new StringBuilder();

    /**
     * What the page shows.
     *
     * @param crossRuns      one comparison per group of runs that share supernet, objectives and constraints
     * @param alone          why each run that is in no comparison is in none
     * @param problems       what could not be reported (a damaged run, no runs at all), one sentence each
     * @param refreshSeconds while a watched search runs, how often the page reloads; 0 for a final page
     * @param dataJson       the interactive views' data ({@link ReportData})
     */
    record Content(String root, Instant generatedAt, List<RunReport> runs, List<CrossRunReport> crossRuns,
                   List<String> alone, List<String> problems, int refreshSeconds, String dataJson) {

        Content {
            runs = List.copyOf(runs);
            crossRuns = List.copyOf(crossRuns);
            alone = List.copyOf(alone);
            problems = List.copyOf(problems);
        }
    }

    static String render(Content content) {
        return new ReportPage().page(content);
    }

    private String page(Content c) {
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        if (c.refreshSeconds() > 0) {
            html.append("<meta http-equiv=\"refresh\" content=\"").append(c.refreshSeconds()).append("\">\n");
        }
        html.append("<title>sparknas report: ")
                .append(esc(c.runs().isEmpty() ? "no runs" : String.join(", ", c.runs().stream().map(r -> r.stored().runId()).toList())))
                .append("</title>\n<style>\n").append(ReportAssets.read(ReportAssets.STYLE)).append("</style>\n</head>\n<body>\n");
        html.append("<h1>sparknas report</h1>\n<p class=\"note\">Tables under <code>").append(esc(c.root()))
                .append("</code>; written ").append(esc(c.generatedAt().toString())).append(".</p>\n");
        if (c.refreshSeconds() > 0) {
            html.append("<p class=\"live\" id=\"live\">Live: <code>report --watch</code> rewrites this page after each"
                    + " generation and it reloads every ").append(c.refreshSeconds()).append(" s; when every run has ended it"
                    + " becomes the final report.</p>\n");
        }
        if (!c.problems().isEmpty()) {
            html.append("<div class=\"problems\" id=\"problems\"><h2>Not reported</h2>\n<ul>\n");
            c.problems().forEach(p -> html.append("<li>").append(esc(p)).append("</li>\n"));
            html.append("</ul>\n</div>\n");
        }
        if (!c.runs().isEmpty()) {
            overview(c.runs(), c.crossRuns(), c.alone());
            html.append("<h2 id=\"explore-heading\">Explore</h2>\n<noscript><p class=\"note\">The interactive views need"
                    + " JavaScript; the tables and static figures below do not.</p></noscript>\n<div id=\"explore\"></div>\n");
            c.crossRuns().forEach(this::crossRun);
            c.runs().forEach(this::run);
        }
        html.append("<script type=\"application/json\" id=\"report-data\">").append(ReportAssets.scriptBody(c.dataJson()))
                .append("</script>\n");
        for (String library : ReportAssets.LIBRARY) {
            html.append("<script>").append(ReportAssets.scriptBody(ReportAssets.read(library))).append("</script>\n");
        }
        html.append("<script>").append(ReportAssets.scriptBody(ReportAssets.read(ReportAssets.SCRIPT))).append("</script>\n");
        html.append("</body>\n</html>\n");
        return html.toString();
    }

    private void overview(List<RunReport> runs, List<CrossRunReport> crossRuns, List<String> alone) {
        html.append("<h2 id=\"runs\">Runs</h2>\n");
        for (CrossRunReport c : crossRuns) {
            html.append("<p><a href=\"#").append(esc(c.name())).append("\">Across runs ")
                    .append(esc(String.join(", ", c.runIds()))).append("</a>: the combined front and the comparison of"
                            + " strategies.</p>\n");
        }
        if (crossRuns.size() > 1) {
            html.append("<p class=\"note\">Runs are compared only with runs of the same supernet, objectives and"
                    + " constraints: one comparison per group.</p>\n");
        }
        for (String why : alone) {
            html.append("<p class=\"note\">Not compared: ").append(esc(why)).append(".</p>\n");
        }
        html.append("<table id=\"runs-table\">\n<tr><th>run</th><th>strategy</th><th>seed</th><th>status</th>"
                + "<th>generations</th><th>trials (ok / failed / reused)</th><th>front</th><th>hypervolume</th>"
                + "<th>supernet</th></tr>\n");
        for (RunReport r : runs) {
            RunRecord run = r.stored().run();
            html.append("<tr><td><a href=\"#run-").append(esc(run.runId())).append("\">").append(esc(run.runId()))
                    .append("</a></td><td>").append(esc(run.strategy())).append("</td><td class=\"num\">").append(run.seed())
                    .append("</td><td>").append(esc(run.status().storeName())).append("</td><td class=\"num\">")
                    .append(run.generationsDone()).append(" / ").append(run.generationsTotal()).append("</td><td class=\"num\">")
                    .append(r.stored().trials().size()).append(" (").append(run.trialsOk()).append(" / ")
                    .append(run.trialsFailed()).append(" / ").append(run.trialsReused()).append(")</td><td class=\"num\">")
                    .append(r.front().rows().size()).append("</td><td class=\"num\">").append(hv(r.finalHypervolume()))
                    .append("</td><td class=\"key\">").append(esc(shortSha(run.supernetSha256()))).append("</td></tr>\n");
        }
        html.append("</table>\n");
    }

    private void crossRun(CrossRunReport c) {
        html.append("<h2 id=\"").append(esc(c.name())).append("\">Across runs ")
                .append(esc(String.join(", ", c.runIds()))).append("</h2>\n<p>").append(c.runIds().size())
                .append(" runs of supernet <code>").append(esc(shortSha(c.supernet()))).append("</code>, objectives ")
                .append(esc(c.goal().objectives().toString()));
        if (!c.goal().constraints().isEmpty()) {
            html.append(", constraints ").append(esc(c.goal().constraints().toString()));
        }
        String dir = esc(c.dir()) + "/";
        html.append(". Files: <a href=\"").append(dir).append("front.csv\">front.csv</a>, <a href=\"").append(dir)
                .append("comparison.csv\">comparison.csv</a>, <a href=\"").append(dir)
                .append("hypervolume.csv\">hypervolume.csv</a>.</p>\n");
        html.append("<h3>Comparison of strategies</h3>\n");
        c.hypervolumeFigure().ifPresent(this::figure);
        html.append("<p class=\"note\">").append(esc(c.scaleNote())).append("</p>\n");
        table(c.comparison());
        html.append("<h3>Combined Pareto front</h3>\n");
        c.frontFigures().forEach(this::figure);
        if (c.front().rows().isEmpty()) {
            html.append("<p class=\"note\">No run has a successful, feasible trial yet.</p>\n");
        }
        table(c.front());
    }

    private void run(RunReport r) {
        RunRecord run = r.stored().run();
        String dir = "runs/" + run.runId() + "/";
        html.append("<h2 id=\"run-").append(esc(run.runId())).append("\">Run ").append(esc(run.runId())).append("</h2>\n");
        html.append("<table class=\"kv\">\n");
        kv("strategy", run.strategy() + ", seed " + run.seed() + ", generation size " + run.population());
        kv("status", run.status().storeName() + (run.message() == null ? "" : ": " + run.message()));
        kv("generations", run.generationsDone() + " of " + run.generationsTotal());
        kv("trials", run.trialsTotal() + " (" + run.trialsOk() + " ok, " + run.trialsFailed() + " failed, "
                + run.trialsReused() + " reused from earlier runs)");
        kv("objectives", String.join(", ", run.objectives()));
        kv("constraints", run.constraints().isEmpty() ? "none" : String.join(", ", run.constraints()));
        kv("fidelity", run.fidelity() + " validation images");
        kv("search space", run.spaceName());
        kv("supernet sha256", run.supernetSha256() == null ? "-" : run.supernetSha256());
        kv("hypervolume", hv(r.finalHypervolume()) + ", scale " + r.hv().describe(r.goal()));
        kv("started / ended", run.startedAt() + " / " + (run.endedAt() == null ? "-" : run.endedAt()));
        kv("spark master", run.sparkMaster() == null ? "-" : run.sparkMaster());
        html.append("</table>\n");

        html.append("<h3>Hypervolume by generation</h3>\n");
        if (r.hypervolume().stream().allMatch(p -> Double.isNaN(p.hypervolume()))) {
            html.append("<p class=\"note\">No feasible trial yet, so no hypervolume.</p>\n");
        }
        if (!r.hv().note().isEmpty()) {
            html.append("<p class=\"note\">Note: ").append(esc(r.hv().note())).append(".</p>\n");
        }
        html.append("<p>Per generation in <a href=\"").append(esc(dir)).append("hypervolume.csv\">hypervolume.csv</a>;"
                + " drawn against evaluations in Explore.</p>\n");
        List<Figure> figures = new java.util.ArrayList<>(r.paretoFigures());
        r.hypervolumeFigure().ifPresent(figures::add);
        if (!figures.isEmpty()) {
            html.append("<h3>Static figures</h3>\n");
            figures.forEach(this::figure);
        }

        html.append("<h3>Pareto front (").append(esc(r.frontSet())).append(")</h3>\n<p>")
                .append(r.front().rows().size()).append(" architectures, ordered by ").append(esc(r.frontSet().split(",")[0]))
                .append(". <a href=\"").append(esc(dir)).append("front.csv\">front.csv</a></p>\n");
        table(r.front());

        html.append("<h3>Configuration</h3>\n<details><summary><a href=\"").append(esc(dir))
                .append("config.json\">config.json</a> (as the run stored it in the catalog)</summary>\n<pre>")
                .append(esc(r.configJson())).append("</pre>\n</details>\n");
    }

    private void kv(String key, String value) {
        html.append("<tr><th>").append(esc(key)).append("</th><td>").append(esc(value)).append("</td></tr>\n");
    }

    /** A static figure: shown to readers without JavaScript, linked for everyone (papers want the files). */
    private void figure(Figure f) {
        html.append("<noscript><figure><img src=\"").append(esc(f.png())).append("\" alt=\"").append(esc(f.title()))
                .append("\"><figcaption>").append(esc(f.caption())).append("</figcaption></figure></noscript>\n")
                .append("<p class=\"figure-links\">Static figure: <a href=\"").append(esc(f.png())).append("\">")
                .append(esc(f.png())).append("</a>");
        if (f.svg() != null) {
            html.append(", <a href=\"").append(esc(f.svg())).append("\">SVG</a>");
        }
        html.append("</p>\n");
    }

    private void table(Table t) {
        html.append("<div class=\"scroll\"><table id=\"").append(esc(t.id())).append("\">\n<tr>");
        t.columns().forEach(c -> html.append("<th>").append(esc(c)).append("</th>"));
        html.append("</tr>\n");
        for (List<Object> row : t.rows()) {
            html.append("<tr>");
            for (int i = 0; i < row.size(); i++) {
                Object v = row.get(i);
                String cls = v instanceof Number ? " class=\"num\"" : t.columns().get(i).equals("arch_key") ? " class=\"key\"" : "";
                html.append("<td").append(cls).append(">").append(esc(t.shown(i, v))).append("</td>");
            }
            html.append("</tr>\n");
        }
        html.append("</table></div>\n");
    }

    private static String hv(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.4f", v);
    }

    private static String shortSha(String sha) {
        return sha == null ? "-" : sha.length() > 12 ? sha.substring(0, 12) : sha;
    }

    static String esc(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(ch);
            }
        }
        return out.toString();
    }
}
