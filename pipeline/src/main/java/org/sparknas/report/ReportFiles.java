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
 * Writes the files of a report under its directory: static charts as PNG and SVG (for papers and
 * readers without JavaScript; which ones, {@link StaticFigures} says), and text files. Paths are relative to the report directory,
 * so the page links work wherever the directory is copied.
 */
final class ReportFiles {

    private final Path reportDir;
    private final StaticFigures figures;

    ReportFiles(Path reportDir) {
        this(reportDir, StaticFigures.ALL);
    }

    ReportFiles(Path reportDir, StaticFigures figures) {
        this.reportDir = reportDir;
        this.figures = figures;
    }

    /** Whether a figure of this kind is written: ask before drawing it. */
    boolean wantsFigure(boolean overview) {
        return figures.includes(overview);
    }

    /** Writes {@code DIR/NAME.png}, and {@code DIR/NAME.svg} when every figure is asked for. */
    Figure chart(XYChart chart, String relativeDir, String name, String caption) {
        String png = relativeDir + "/" + name + ".png";
        String svg = figures == StaticFigures.ALL ? relativeDir + "/" + name + ".svg" : null;
        try {
            Files.createDirectories(reportDir.resolve(relativeDir));
            try (OutputStream out = Files.newOutputStream(reportDir.resolve(png))) {
                BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
            }
            if (svg != null) {
                try (OutputStream out = Files.newOutputStream(reportDir.resolve(svg))) {
                    VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
                }
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

    /**
     * Replaces a UTF-8 text file in one rename, so that a reader (a browser reloading a live page)
     * sees the old file or the new one, never a part.
     */
    String replaceText(String relativePath, String content) {
        Path file = reportDir.resolve(relativePath);
        Path temporary = file.resolveSibling("." + file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(temporary, content, StandardCharsets.UTF_8);
            Files.move(temporary, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        return relativePath;
    }
}
