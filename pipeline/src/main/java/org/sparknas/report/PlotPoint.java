package org.sparknas.report;

/** One point of a plot, in the metrics' stored units (the chart scales them for its axes). */
record PlotPoint(double x, double y) {
}
