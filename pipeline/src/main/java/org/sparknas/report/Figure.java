package org.sparknas.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A static chart: a PNG, and an SVG when every figure is asked for (XChart draws text as outlines,
 * so an SVG weighs several times its PNG).
 *
 * @param png    path of the PNG relative to the report directory
 * @param svg    path of the SVG relative to the report directory, null when none was written
 * @param points the number of points drawn per series label, for the caption and for checks
 */
record Figure(String title, String png, String svg, String caption, Map<String, Integer> points) {

    Figure {
        points = Map.copyOf(points);
    }

    /** The files written, relative to the report directory. */
    List<String> files() {
        List<String> files = new ArrayList<>(List.of(png));
        if (svg != null) {
            files.add(svg);
        }
        return files;
    }
}
