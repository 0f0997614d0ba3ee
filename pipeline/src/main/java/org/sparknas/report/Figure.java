package org.sparknas.report;

/**
 * A chart written as PNG (shown in the page) and SVG (linked, for papers and zooming).
 *
 * @param png    path of the PNG relative to the report directory
 * @param svg    path of the SVG relative to the report directory
 * @param points the number of points drawn per series label, for the caption and for checks
 */
record Figure(String title, String png, String svg, String caption, java.util.Map<String, Integer> points) {

    Figure {
        points = java.util.Map.copyOf(points);
    }
}
