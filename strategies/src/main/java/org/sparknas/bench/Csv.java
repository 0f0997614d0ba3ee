package org.sparknas.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The CSV dialect of the tabular benchmarks: comma-separated, fields optionally in double quotes
 * (the {@code encoding} column is {@code "4,2,1,2,1,1"}), a doubled quote inside quotes for a
 * quote, one record per line.
 */
final class Csv {

    private Csv() {
    }

    /** The fields of one line; throws naming the line number when a quote is left open. */
    static List<String> fields(String line, int lineNumber) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("line " + lineNumber + " has an unclosed quote");
        }
        fields.add(field.toString());
        return fields;
    }
}
