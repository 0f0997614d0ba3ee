package org.sparknas.train;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.sparknas.chart.ChartStyle;

/**
 * The training curves as one PNG: training loss (top) and accuracy (bottom) against epochs, for
 * the largest network and the other sub-networks, with the held-out and test-set accuracy of the
 * largest and smallest networks (after BN re-calibration) as markers, and a dashed line where each
 * phase begins. The final evaluation's row (on more images) is left out: the manifest and the log
 * hold it.
 */
final class TrainingChart {

    private static final int WIDTH = 960;
    private static final int HEIGHT = 430;
    private static final Color LARGEST = new Color(31, 119, 180);
    private static final Color SUBNETS = new Color(255, 127, 14);
    private static final Color VAL_LARGEST = new Color(23, 80, 140);
    private static final Color VAL_SMALLEST = new Color(214, 39, 40);
    private static final Color TEST_LARGEST = new Color(44, 160, 44);
    private static final Color TEST_SMALLEST = new Color(148, 103, 189);
    private static final Color PHASE_LINE = new Color(120, 120, 120);

    private TrainingChart() {
    }

    /** A PNG of the log's curves; {@code title} names the run. */
    static byte[] png(String title, List<LogRow> logRows, List<Phase> phases) {
        List<LogRow> rows = logRows.stream().filter(r -> !r.isFinal()).toList();
        XYChart loss = chart(title + ": training loss", "loss");
        line(loss, "largest", rows, LogRow::largestLoss, LARGEST);
        line(loss, "sub-networks (with distillation)", rows, LogRow::subnetLoss, SUBNETS);
        XYChart accuracy = chart("accuracy (held-out and test set: BatchNorm re-calibrated)", "accuracy");
        line(accuracy, "largest, training", rows, LogRow::largestAccuracy, LARGEST);
        line(accuracy, "sub-networks, training", rows, LogRow::subnetAccuracy, SUBNETS);
        markers(accuracy, "largest, held-out", rows, LogRow::validationLargest, VAL_LARGEST,
                SeriesMarkers.DIAMOND);
        markers(accuracy, "smallest, held-out", rows, LogRow::validationSmallest, VAL_SMALLEST,
                SeriesMarkers.SQUARE);
        markers(accuracy, "largest, test set", rows, LogRow::testLargest, TEST_LARGEST, SeriesMarkers.TRIANGLE_UP);
        markers(accuracy, "smallest, test set", rows, LogRow::testSmallest, TEST_SMALLEST, SeriesMarkers.TRIANGLE_DOWN);
        double epochs = phases.stream().mapToInt(Phase::epochs).sum();
        for (XYChart chart : List.of(loss, accuracy)) {
            chart.getStyler().setXAxisMin(0.0);
            chart.getStyler().setXAxisMax(epochs);
            phaseLines(chart, phases, chart == loss);
            chart.getStyler().setLegendVisible(!chart.getSeriesMap().isEmpty());
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            BitmapEncoder.saveBitmap(List.of(loss, accuracy), 2, 1, png, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new IllegalStateException("cannot render the training curves", e);
        }
        return png.toByteArray();
    }

    private static XYChart chart(String title, String yTitle) {
        XYChart chart = ChartStyle.chart(title, "epoch", yTitle, WIDTH, HEIGHT);
        // below the plot, so both charts get the same plot width and their epochs line up
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setXAxisDecimalPattern("0.#");
        return chart;
    }

    private static void line(XYChart chart, String label, List<LogRow> rows, ToDoubleFunction<LogRow> value, Color color) {
        XYSeries s = series(chart, label, rows, value);
        if (s != null) {
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            s.setMarker(SeriesMarkers.NONE);
            s.setLineColor(color);
            s.setLineWidth(1.6f);
        }
    }

    private static void markers(XYChart chart, String label, List<LogRow> rows, ToDoubleFunction<LogRow> value, Color color,
                                org.knowm.xchart.style.markers.Marker marker) {
        XYSeries s = series(chart, label, rows, value);
        if (s != null) {
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            s.setMarker(marker);
            s.setMarkerColor(color);
            s.setLineColor(color);
            s.setLineStyle(new BasicStroke(1f));
        }
    }

    /** The points of {@code rows} where {@code value} was measured; null (no series) when there are none. */
    private static XYSeries series(XYChart chart, String label, List<LogRow> rows, ToDoubleFunction<LogRow> value) {
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (LogRow r : rows) {
            double v = value.applyAsDouble(r);
            if (!Double.isNaN(v)) {
                x.add(r.epochs());
                y.add(v);
            }
        }
        return x.isEmpty() ? null : chart.addSeries(label, x, y);
    }

    private static void phaseLines(XYChart chart, List<Phase> phases, boolean labelled) {
        Styler styler = chart.getStyler();
        styler.setAnnotationLineColor(PHASE_LINE);
        styler.setAnnotationLineStroke(new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {6f, 4f}, 0f));
        styler.setAnnotationTextFont(new Font(Font.SANS_SERIF, Font.ITALIC, 12));
        styler.setAnnotationTextFontColor(PHASE_LINE);
        double top = chart.getSeriesMap().values().stream().flatMapToDouble(s -> java.util.Arrays.stream(s.getYData()))
                .max().orElse(1);
        double start = 0;
        for (Phase p : phases) {
            if (start > 0) {
                chart.addAnnotation(new AnnotationLine(start, true, false));
            }
            if (labelled && !chart.getSeriesMap().isEmpty()) {
                chart.addAnnotation(new AnnotationText(p.name(), start + p.epochs() / 2.0, top, false));
            }
            start += p.epochs();
        }
    }
}
