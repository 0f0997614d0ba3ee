package org.sparknas.jobs;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line for a runtime failure instead of a stack trace: what went wrong, the file when a file
 * could not be read, and what to do. {@code SPARKNAS_STACKTRACE=1} adds the stack trace.
 */
final class RuntimeFailure {

    private static final Pattern PARQUET_FILE = Pattern.compile("((?:[a-z0-9]+:)?/[^\\s,;'\"\\]\\[]+\\.parquet)");
    private static final String[] DAMAGED = {"checksum", "not a parquet file", "magic number", "failed_read_file",
        "can not read", "cannot read", "eofexception", "corrupt", "decoding", "is damaged"};

    private RuntimeFailure() {
    }

    static String describe(Throwable e) {
        Throwable root = e;
        StringBuilder chain = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            root = t;
            chain.append(t).append('\n');
        }
        String all = chain.toString();
        Matcher file = PARQUET_FILE.matcher(all);
        String lower = all.toLowerCase(Locale.ROOT);
        if (file.find() && java.util.Arrays.stream(DAMAGED).anyMatch(lower::contains)) {
            return "cannot read " + file.group(1) + " (" + firstLine(root) + "). The file is damaged or incomplete: move it"
                    + " out of the output root (a run whose generation file it was evaluates that generation again on its"
                    + " next start) and re-run the command.";
        }
        return firstLine(root) + ". A search that was running is marked failed in its runs row; fix the cause and re-run"
                + " the same command to resume it (SPARKNAS_STACKTRACE=1 prints the stack trace).";
    }

    private static String firstLine(Throwable t) {
        String text = t.toString();
        int newline = text.indexOf('\n');
        text = newline < 0 ? text : text.substring(0, newline);
        return text.length() > 400 ? text.substring(0, 400) + "..." : text;
    }

    static boolean stackTraceWanted() {
        String v = System.getenv("SPARKNAS_STACKTRACE");
        return v != null && !v.isBlank() && !v.equals("0");
    }
}
