package org.sparknas.report;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.sparknas.config.ConfigException;
import org.sparknas.store.RunIds;
import org.sparknas.store.RunRecord;

/** Which catalogued runs a report covers: the ones asked for, or all of them. */
final class RunSelection {

    /** Beyond this many, a message lists the first known ids and a count, not a wall of text. */
    private static final int LISTED = 30;

    private RunSelection() {
    }

    static List<RunRecord> choose(String root, List<RunRecord> catalog, List<String> requested) {
        if (catalog.isEmpty()) {
            throw new ConfigException("no runs under '" + root + "': its runs/ table is missing or empty. Give as --output"
                    + " the directory (or URI) that `sparknas search --output` wrote to");
        }
        Map<String, RunRecord> byId = catalog.stream()
                .collect(Collectors.toMap(RunRecord::runId, Function.identity(), (a, b) -> a, java.util.LinkedHashMap::new));
        if (requested.isEmpty()) {
            catalog.forEach(r -> RunIds.check(r.runId()));
            return catalog;
        }
        List<String> unknown = new ArrayList<>();
        List<RunRecord> chosen = new ArrayList<>();
        for (String id : new LinkedHashSet<>(requested)) {
            RunRecord run = byId.get(id);
            if (run == null) {
                unknown.add(id);
            } else {
                chosen.add(run);
            }
        }
        if (!unknown.isEmpty()) {
            List<String> known = new ArrayList<>(byId.keySet());
            String listed = String.join(", ", known.subList(0, Math.min(LISTED, known.size())))
                    + (known.size() > LISTED ? " ... (" + (known.size() - LISTED) + " more)" : "");
            throw new ConfigException("no run " + String.join(", ", unknown.stream().map(id -> "'" + id + "'").toList())
                    + " under '" + root + "'; known run ids: " + listed + ". Pass one of them with --run-id, or none for all runs");
        }
        chosen.forEach(r -> RunIds.check(r.runId()));
        return chosen;
    }
}
