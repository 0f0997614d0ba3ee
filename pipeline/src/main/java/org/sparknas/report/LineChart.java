package org.sparknas.report;

import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.sparknas.chart.ChartStyle;

/** Lines with markers, one per series: hypervolume by generation, or by evaluations for several runs. */
final class LineChart {

    /** One line; points whose value is NaN (nothing feasible yet) are left out. */
    record Series(String label, double[] x, double[] y) {
    }

    private LineChart() {
    }

    static XYChart build(String title, String xTitle, String yTitle, List<Series> series) {
        XYChart chart = ChartStyle.chart(title, xTitle, yTitle);
        chart.getStyler().setMarkerSize(6);
        chart.getStyler().setLegendVisible(series.size() > 1);
        int i = 0;
        for (Series s : series) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (int k = 0; k < s.x().length; k++) {
                if (!Double.isNaN(s.y()[k])) {
                    xs.add(s.x()[k]);
                    ys.add(s.y()[k]);
                }
            }
            if (xs.isEmpty()) {
                continue;
            }
            XYSeries line = chart.addSeries(s.label(), xs, ys);
            line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            line.setMarker(SeriesMarkers.CIRCLE);
            line.setMarkerColor(ChartStyle.palette(i));
            line.setLineColor(ChartStyle.palette(i));
            line.setLineWidth(2f);
            i++;
        }
        ChartStyle.placeLegend(chart);
        return chart;
    }
}
