package org.sparknas.report;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.sparknas.strategy.Metrics;
import org.sparknas.strategy.Objective;

/** The order metric columns appear in: the objectives first, then as the trials table orders them. */
final class MetricOrder {

    private MetricOrder() {
    }

    static List<String> of(List<Objective> objectives, Collection<String> present) {
        Set<String> ordered = new LinkedHashSet<>();
        objectives.forEach(o -> ordered.add(o.metric()));
        for (String m : List.of(Metrics.ACCURACY, Metrics.LOSS, Metrics.MACS, Metrics.PARAMS)) {
            if (present.contains(m)) {
                ordered.add(m);
            }
        }
        ordered.addAll(new TreeSet<>(present));
        return new ArrayList<>(ordered);
    }
}
