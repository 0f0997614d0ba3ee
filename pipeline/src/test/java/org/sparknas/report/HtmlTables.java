package org.sparknas.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a table of the report's page back: its rows as column name to cell text. */
public final class HtmlTables {

    private static final Pattern ROW = Pattern.compile("<tr>(.*?)</tr>", Pattern.DOTALL);
    private static final Pattern CELL = Pattern.compile("<t[hd][^>]*>(.*?)</t[hd]>", Pattern.DOTALL);

    private HtmlTables() {
    }

    /** The rows of the table with this id; fails when the page has no such table. */
    public static List<Map<String, String>> rows(String html, String id) {
        int start = html.indexOf("<table id=\"" + id + "\">");
        if (start < 0) {
            throw new AssertionError("the page has no table with id " + id);
        }
        String table = html.substring(start, html.indexOf("</table>", start));
        Matcher rows = ROW.matcher(table);
        List<String> header = null;
        List<Map<String, String>> out = new ArrayList<>();
        while (rows.find()) {
            List<String> cells = new ArrayList<>();
            Matcher cell = CELL.matcher(rows.group(1));
            while (cell.find()) {
                cells.add(cell.group(1).replaceAll("<[^>]+>", "").replace("&amp;", "&").replace("&lt;", "<")
                        .replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'"));
            }
            if (header == null) {
                header = cells;
            } else {
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 0; i < cells.size(); i++) {
                    row.put(header.get(i), cells.get(i));
                }
                out.add(row);
            }
        }
        return out;
    }
}
