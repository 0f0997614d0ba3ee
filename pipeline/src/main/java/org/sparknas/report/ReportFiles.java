package org.sparknas.report;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

/**
 * Writes the files of a report under its directory: charts as PNG (shown in the page) and SVG
 * (linked, for papers and zooming), and text files. Paths are relative to the report directory,
 * so the page links work wherever the directory is copied.
 */
final class ReportFiles {

    private final Path reportDir;

    ReportFiles(Path reportDir) {
        this.reportDir = reportDir;
    }

    /** Writes {@code DIR/NAME.png} and {@code DIR/NAME.svg}. */
    Figure chart(XYChart chart, String relativeDir, String name, String caption) {
        String png = relativeDir + "/" + name + ".png";
        String svg = relativeDir + "/" + name + ".svg";
        try {
            Files.createDirectories(reportDir.resolve(relativeDir));
            try (OutputStream out = Files.newOutputStream(reportDir.resolve(png))) {
                BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
            }
            try (OutputStream out = Files.newOutputStream(reportDir.resolve(svg))) {
                VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write chart " + reportDir.resolve(png) + ": " + e.getMessage(), e);
        }
        Map<String, Integer> points = new LinkedHashMap<>();
        for (Map.Entry<String, XYSeries> e : chart.getSeriesMap().entrySet()) {
            points.put(e.getKey(), e.getValue().getXData().length);
        }
        return new Figure(chart.getTitle(), png, svg, caption, points);
    }

    /** Writes a UTF-8 text file and returns its relative path. */
    String text(String relativePath, String content) {
        Path file = reportDir.resolve(relativePath);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        return relativePath;
    }
}
