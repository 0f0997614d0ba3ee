package org.sparknas.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.sparknas.chart.ChartStyle;
import org.sparknas.strategy.Constraint;
import org.sparknas.strategy.Direction;
import org.sparknas.strategy.Objective;

/**
 * One objective pair as a scatter plot: the trials faint (in one or more groups), the front on
 * top of them in a strong colour, and a dashed line at every constraint bound on either axis.
 */
final class ParetoChart {

    /** Of the plot's extent, the margin left around the points so that no marker is cut at the border. */
    private static final double PADDING = 0.05;

    private ParetoChart() {
    }

    /**
     * @param staircase draw the front as its attainment staircase (a 2-objective front); a front of
     *                  more objectives projected onto two axes is drawn as points only
     */
    static XYChart build(String title, AxisPair axes, List<PointGroup> background, PointGroup front, boolean staircase,
                         List<Constraint> constraints) {
        String xm = axes.x().metric();
        String ym = axes.y().metric();
        XYChart chart = ChartStyle.chart(title, MetricFormat.axisLabel(xm) + better(axes.x()),
                MetricFormat.axisLabel(ym) + better(axes.y()));
        chart.getStyler().setMarkerSize(8);
        Extent extent = new Extent();
        for (PointGroup group : background) {
            if (!group.points().isEmpty()) {
                XYSeries s = scatter(chart, group, xm, ym, extent);
                s.setMarkerColor(group.color());
            }
        }
        if (!front.points().isEmpty()) {
            List<PlotPoint> sorted = new ArrayList<>(front.points());
            sorted.sort(Comparator.comparingDouble(PlotPoint::x).thenComparingDouble(PlotPoint::y));
            XYSeries s = scatter(chart, new PointGroup(front.label(), sorted, front.color(), front.marker()), xm, ym, extent);
            s.setXYSeriesRenderStyle(staircase ? XYSeries.XYSeriesRenderStyle.Step : XYSeries.XYSeriesRenderStyle.Scatter);
            s.setMarkerColor(front.color());
            s.setLineColor(front.color());
            s.setLineWidth(2f);
        }
        for (Constraint c : constraints) {
            boolean onX = c.metric().equals(xm);
            if (onX || c.metric().equals(ym)) {
                extent.include(onX ? c.bound() * MetricFormat.scale(xm) : Double.NaN,
                        onX ? Double.NaN : c.bound() * MetricFormat.scale(ym));
            }
        }
        extent.applyTo(chart);
        for (Constraint c : constraints) {
            addConstraintLine(chart, c, xm, ym, extent);
        }
        ChartStyle.placeLegend(chart);
        return chart;
    }

    private static String better(Objective o) {
        return o.direction() == Direction.MAXIMIZE ? "  (higher is better)" : "  (lower is better)";
    }

    private static XYSeries scatter(XYChart chart, PointGroup group, String xm, String ym, Extent extent) {
        double[] x = new double[group.points().size()];
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = group.points().get(i).x() * MetricFormat.scale(xm);
            y[i] = group.points().get(i).y() * MetricFormat.scale(ym);
            extent.include(x[i], y[i]);
        }
        XYSeries s = chart.addSeries(group.label() + " (" + x.length + ")", x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarker(group.marker());
        return s;
    }

    /** A constraint is a dashed line across the whole plot at its bound, with the constraint as its legend. */
    private static void addConstraintLine(XYChart chart, Constraint c, String xm, String ym, Extent extent) {
        double[] x;
        double[] y;
        if (c.metric().equals(xm)) {
            double b = c.bound() * MetricFormat.scale(xm);
            x = new double[] {b, b};
            y = new double[] {extent.yLo, extent.yHi};
        } else if (c.metric().equals(ym)) {
            double b = c.bound() * MetricFormat.scale(ym);
            x = new double[] {extent.xLo, extent.xHi};
            y = new double[] {b, b};
        } else {
            return;
        }
        XYSeries s = chart.addSeries("constraint " + c.metric() + (c.upperBound() ? " <= " : " >= ")
                + MetricFormat.bound(c.metric(), c.bound()), x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(ChartStyle.CONSTRAINT);
        s.setLineStyle(ChartStyle.DASHED);
    }

    /** The range of everything drawn, padded, fixed on the axes so that a constraint line spans the whole plot. */
    private static final class Extent {
        double xLo = Double.POSITIVE_INFINITY;
        double xHi = Double.NEGATIVE_INFINITY;
        double yLo = Double.POSITIVE_INFINITY;
        double yHi = Double.NEGATIVE_INFINITY;

        void include(double x, double y) {
            if (!Double.isNaN(x)) {
                xLo = Math.min(xLo, x);
                xHi = Math.max(xHi, x);
            }
            if (!Double.isNaN(y)) {
                yLo = Math.min(yLo, y);
                yHi = Math.max(yHi, y);
            }
        }

        void applyTo(XYChart chart) {
            double dx = pad(xLo, xHi);
            double dy = pad(yLo, yHi);
            xLo -= dx;
            xHi += dx;
            yLo -= dy;
            yHi += dy;
            chart.getStyler().setXAxisMin(xLo).setXAxisMax(xHi).setYAxisMin(yLo).setYAxisMax(yHi);
        }

        private static double pad(double lo, double hi) {
            double span = hi - lo;
            return span > 0 ? span * PADDING : Math.max(Math.abs(lo) * PADDING, 1e-9);
        }
    }
}
