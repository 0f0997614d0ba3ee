package org.sparknas.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The scripts and style the page embeds, read from the classpath: the charting library (Vega,
 * Vega-Lite, vega-embed; fetched from the npm registry by the build, see pipeline/pom.xml) and
 * the page's own script and style. Embedding them keeps the page one file that opens offline.
 */
final class ReportAssets {

    /** In load order: vega-lite needs vega, vega-embed needs both. */
    static final List<String> LIBRARY = List.of("lib/vega.min.js", "lib/vega-lite.min.js", "lib/vega-embed.min.js");
    static final String SCRIPT = "report.js";
    static final String STYLE = "report.css";

    private ReportAssets() {
    }

    static String read(String name) {
        String path = "/org/sparknas/report/" + name;
        try (InputStream in = ReportAssets.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("the report's " + path + " is not on the classpath: this build of sparknas"
                        + " is incomplete; rebuild it with `mvn -B package -DskipTests` (the build takes the charting"
                        + " library from the npm registry)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + " from the classpath: " + e.getMessage(), e);
        }
    }

    /** A script as the body of a {@code <script>} element: a closing tag inside it would end the element early. */
    static String scriptBody(String script) {
        return script.replace("</script", "<\\/script").replace("<!--", "<\\!--");
    }
}
