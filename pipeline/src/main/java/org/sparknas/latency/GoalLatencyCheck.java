package org.sparknas.latency;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sparknas.config.ConfigException;
import org.sparknas.strategy.Constraint;
import org.sparknas.strategy.Goal;
import org.sparknas.strategy.Objective;

/**
 * Refuses, before anything runs, a goal that names a latency metric no configured table or
 * measurement produces ({@code min latency_gpu_b1} with only a CPU table, a batch size the table
 * lacks), saying which device and batch is missing, what is configured, and how to add it.
 */
public final class GoalLatencyCheck {

    private static final Pattern LATENCY = Pattern.compile("(measured_)?latency_([A-Za-z0-9]+)_b([0-9]+)");

    private GoalLatencyCheck() {
    }

    public static void check(Goal goal, LatencySettings latency) {
        Map<String, String> used = new LinkedHashMap<>();
        goal.objectives().forEach((Objective o) -> used.putIfAbsent(o.metric(), "search.objectives ('" + o + "')"));
        goal.constraints().forEach((Constraint c) -> used.putIfAbsent(c.metric(), "search.constraints ('" + c + "')"));
        goal.reward().ifPresent(r -> used.putIfAbsent(r.latencyMetric(), "search.reward.latency"));
        for (Map.Entry<String, String> e : used.entrySet()) {
            Matcher m = LATENCY.matcher(e.getKey());
            if (!m.matches() || latency.metrics().contains(e.getKey())) {
                continue;
            }
            boolean measured = m.group(1) != null;
            String device = m.group(2);
            String batch = m.group(3);
            String fix;
            if (measured) {
                fix = "measured latency comes from latency.measure { enabled = true, device = " + device
                        + ", batch-sizes = [" + batch + "] }";
            } else if (latency.tables().containsKey(device)) {
                fix = "the table for device '" + device + "' has batch sizes " + latency.tables().get(device).batches()
                        + "; profile batch " + batch + " with `sparknas profile-latency --device " + device
                        + " --batch-sizes 1," + batch + "`";
            } else {
                fix = "there is no latency table for device '" + device + "'; profile it on that device with"
                        + " `sparknas profile-latency --device " + device + "` and add latency.tables." + device
                        + " = \"<table>.csv\"";
            }
            throw new ConfigException(e.getValue() + " uses metric '" + e.getKey() + "', which nothing produces: " + fix
                    + ". Latency metrics configured: " + describe(latency));
        }
    }

    private static String describe(LatencySettings latency) {
        List<String> names = new ArrayList<>(latency.metrics());
        return names.isEmpty() ? "none (no latency block)" : String.join(", ", names);
    }
}
