package org.sparknas.report;

import java.util.List;

/**
 * A table of the report, kept as raw values: the page formats them for reading (MACs with
 * thousands separators, accuracy to four places), the CSV keeps them exact.
 *
 * @param id      the HTML id of the table, e.g. {@code front-r1}
 * @param metrics the columns that hold metric values (formatted by metric)
 */
record Table(String id, List<String> columns, List<String> metrics, List<List<Object>> rows) {

    Table {
        columns = List.copyOf(columns);
        metrics = List.copyOf(metrics);
        rows = rows.stream().map(r -> java.util.Collections.unmodifiableList(new java.util.ArrayList<>(r))).toList();
    }

    /** The CSV form: a header, then one line per row; a missing value is an empty field. */
    String csv() {
        StringBuilder out = new StringBuilder(String.join(",", columns)).append('\n');
        for (List<Object> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(csvField(columns.get(i), row.get(i)));
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static String csvField(String column, Object v) {
        if (v == null || (v instanceof Double d && d.isNaN())) {
            return "";
        }
        if (v instanceof Double d && MetricFormat.isCount(column)) {
            return Long.toString(Math.round(d));
        }
        String text = v instanceof List<?> list ? String.join(" ", list.stream().map(Object::toString).toList())
                : v.toString();
        return text.contains(",") || text.contains("\"") || text.contains("\n")
                ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }

    /** A value as the page shows it. */
    String shown(int column, Object v) {
        String name = columns.get(column);
        if (metrics.contains(name) && (v == null || v instanceof Double)) {
            return MetricFormat.value(name, (Double) v);
        }
        if (v instanceof List<?> list) {
            return String.join(", ", list.stream().map(Object::toString).toList());
        }
        return v == null ? "-" : v.toString();
    }
}
