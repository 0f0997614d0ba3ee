package org.sparknas.report;

import java.awt.Color;
import java.util.List;
import org.knowm.xchart.style.markers.Marker;

/** A set of points drawn alike, with its legend label. */
record PointGroup(String label, List<PlotPoint> points, Color color, Marker marker) {

    PointGroup {
        points = List.copyOf(points);
    }
}
