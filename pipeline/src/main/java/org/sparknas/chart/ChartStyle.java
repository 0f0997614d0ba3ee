package org.sparknas.chart;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

/** The look every report chart shares: size, fonts large enough to read in a page, colours. */
public final class ChartStyle {

    public static final int WIDTH = 860;
    public static final int HEIGHT = 580;

    /** Distinct colours for runs and series (Tableau 10), readable on white and in grey print. */
    private static final Color[] PALETTE = {
        new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44), new Color(214, 39, 40),
        new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194), new Color(127, 127, 127),
        new Color(188, 189, 34), new Color(23, 190, 207)};

    public static final Color FRONT = new Color(214, 39, 40);
    public static final Color CONSTRAINT = new Color(90, 90, 90);
    /** Infeasible trials: grey crosses, visible but clearly not candidates. */
    public static final Color INFEASIBLE = new Color(110, 110, 110, 130);
    public static final BasicStroke DASHED = new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
            new float[] {7f, 5f}, 0f);

    private ChartStyle() {
    }

    public static XYChart chart(String title, String xTitle, String yTitle) {
        return chart(title, xTitle, yTitle, WIDTH, HEIGHT);
    }

    /** The project's chart look (white, light grid, sans-serif, plain decimals) at a given size. */
    public static XYChart chart(String title, String xTitle, String yTitle, int width, int height) {
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        var s = chart.getStyler();
        s.setLocale(Locale.ROOT);
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderColor(new Color(180, 180, 180));
        s.setPlotGridLinesColor(new Color(228, 228, 228));
        s.setChartTitleBoxVisible(false);
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 17));
        s.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));
        s.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        s.setLegendBorderColor(new Color(200, 200, 200));
        s.setLegendBackgroundColor(new Color(255, 255, 255, 230));
        s.setChartPadding(12);
        // Explicit, so that ticks read "0.05", never ".05".
        s.setXAxisDecimalPattern("0.###");
        s.setYAxisDecimalPattern("0.###");
        s.setAntiAlias(true);
        return chart;
    }

    /**
     * Puts the legend outside the plot, where it cannot hide points: in a row below it, or, when
     * there are too many entries for one row (many runs), in a column to its right.
     */
    public static void placeLegend(XYChart chart) {
        boolean row = chart.getSeriesMap().size() <= 4;
        chart.getStyler().setLegendPosition(row ? Styler.LegendPosition.OutsideS : Styler.LegendPosition.OutsideE);
        chart.getStyler().setLegendLayout(row ? Styler.LegendLayout.Horizontal : Styler.LegendLayout.Vertical);
    }

    public static Color palette(int i) {
        return PALETTE[Math.floorMod(i, PALETTE.length)];
    }

    public static Color faint(Color c, int alpha) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), alpha);
    }
}
