package org.sparknas.report;

import org.sparknas.strategy.Direction;
import org.sparknas.strategy.Objective;

/**
 * Two objectives as the axes of a plot. A cost against a quality is drawn the way papers draw
 * it: the minimised objective on x, the maximised one on y, so the front rises to the upper left.
 */
record AxisPair(Objective x, Objective y) {

    static AxisPair of(Objective a, Objective b) {
        if (a.direction() == Direction.MAXIMIZE && b.direction() == Direction.MINIMIZE) {
            return new AxisPair(b, a);
        }
        return new AxisPair(a, b);
    }
}
