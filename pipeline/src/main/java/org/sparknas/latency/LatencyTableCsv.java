package org.sparknas.latency;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.sparknas.config.ConfigException;

/**
 * The human-readable form of a latency table, the one {@code latency.tables} points to: a header
 * of {@code # name = value} lines (what the table was measured for and on), then one CSV row per
 * layer and batch size, sorted by batch, kind and key.
 *
 * <pre>
 * # sparknas latency table, format 1
 * # space = ofa-fmnist
 * # space-fingerprint = 3f2a...
 * # device = cpu
 * ...
 * kind,batch,key,median_ms,p10_ms,p90_ms
 * stem,1,stem:c1:r20:o16:k3:s2:hswish,0.0213,0.0207,0.0231
 * </pre>
 */
public final class LatencyTableCsv {

    static final String FORMAT_LINE = "# sparknas latency table, format 1";
    static final String COLUMNS = "kind,batch,key,median_ms,p10_ms,p90_ms";
    private static final List<String> FIELDS = List.of("space", "space-fingerprint", "device", "compute-device", "threads",
            "hardware", "engine", "warmup", "repeats", "created");

    private LatencyTableCsv() {
    }

    public static String write(LatencyTable table) {
        TableInfo i = table.info();
        StringBuilder out = new StringBuilder(FORMAT_LINE).append('\n');
        out.append("# Per-layer median latency in milliseconds; a sub-network's prediction is the sum of its stem,\n");
        out.append("# block and head entries at one batch size. Written by `sparknas profile-latency`.\n");
        Map<String, String> header = new LinkedHashMap<>();
        header.put("space", i.spaceName());
        header.put("space-fingerprint", i.spaceFingerprint());
        header.put("device", i.device());
        header.put("compute-device", i.computeDevice());
        header.put("threads", Integer.toString(i.threads()));
        header.put("hardware", i.hardware());
        header.put("engine", i.engine());
        header.put("warmup", Integer.toString(i.warmup()));
        header.put("repeats", Integer.toString(i.repeats()));
        header.put("created", i.created());
        header.forEach((k, v) -> out.append("# ").append(k).append(" = ").append(v.replace('\n', ' ')).append('\n'));
        out.append(COLUMNS).append('\n');
        List<LatencyEntry> sorted = new ArrayList<>(table.entries());
        sorted.sort(Comparator.comparingInt(LatencyEntry::batch).thenComparing(LatencyEntry::key));
        for (LatencyEntry e : sorted) {
            out.append(e.key().kind().name().toLowerCase(Locale.ROOT)).append(',').append(e.batch()).append(',')
                    .append(e.key().text()).append(',').append(ms(e.medianMs())).append(',').append(ms(e.p10Ms()))
                    .append(',').append(ms(e.p90Ms())).append('\n');
        }
        return out.toString();
    }

    private static String ms(double value) {
        return String.format(Locale.ROOT, "%.5f", value);
    }

    /**
     * @param source named in errors (the file the bytes came from)
     * @throws ConfigException naming the file and line when the text is not a latency table
     */
    public static LatencyTable read(byte[] bytes, String source) {
        String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\r?\n");
        if (lines.length == 0 || !lines[0].trim().equals(FORMAT_LINE)) {
            throw new ConfigException(source + " is not a sparknas latency table: its first line must be '" + FORMAT_LINE
                    + "' (write tables with `sparknas profile-latency`)");
        }
        Map<String, String> header = new LinkedHashMap<>();
        List<LatencyEntry> entries = new ArrayList<>();
        boolean columns = false;
        for (int n = 1; n < lines.length; n++) {
            String line = lines[n].trim();
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#")) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    header.put(line.substring(1, eq).trim(), line.substring(eq + 1).trim());
                }
                continue;
            }
            if (!columns) {
                if (!line.equals(COLUMNS)) {
                    throw new ConfigException(source + " line " + (n + 1) + ": expected the column line '" + COLUMNS + "'");
                }
                columns = true;
                continue;
            }
            entries.add(entry(line, source, n + 1));
        }
        for (String field : FIELDS) {
            if (!header.containsKey(field)) {
                throw new ConfigException(source + " lacks the header line '# " + field + " = ...'; re-write it with"
                        + " `sparknas profile-latency`");
            }
        }
        if (entries.isEmpty()) {
            throw new ConfigException(source + " has no entry");
        }
        try {
            TableInfo info = new TableInfo(header.get("space"), header.get("space-fingerprint"), header.get("device"),
                    header.get("compute-device"), Integer.parseInt(header.get("threads")), header.get("hardware"),
                    header.get("engine"), Integer.parseInt(header.get("warmup")), Integer.parseInt(header.get("repeats")),
                    header.get("created"));
            return new LatencyTable(info, entries);
        } catch (NumberFormatException e) {
            throw new ConfigException(source + ": threads, warmup and repeats must be whole numbers: " + e.getMessage(), e);
        } catch (IllegalArgumentException | ConfigException e) {
            throw new ConfigException(source + ": " + e.getMessage(), e);
        }
    }

    private static LatencyEntry entry(String line, String source, int lineNumber) {
        String[] cells = line.split(",", -1);
        if (cells.length != 6) {
            throw new ConfigException(source + " line " + lineNumber + " has " + cells.length + " cells; expected 6 ("
                    + COLUMNS + ")");
        }
        try {
            LayerKey key = new LayerKey(cells[2].trim());
            if (!key.kind().name().equalsIgnoreCase(cells[0].trim())) {
                throw new ConfigException(source + " line " + lineNumber + ": kind '" + cells[0] + "' does not match key " + key);
            }
            return new LatencyEntry(key, Integer.parseInt(cells[1].trim()), Double.parseDouble(cells[3].trim()),
                    Double.parseDouble(cells[4].trim()), Double.parseDouble(cells[5].trim()));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(source + " line " + lineNumber + ": " + e.getMessage(), e);
        }
    }
}
