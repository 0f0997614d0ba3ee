package org.sparknas.train;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The training log as CSV ({@link LogRow#HEADER}), kept as text: the text is what the file, the
 * checkpoint and the plot all see, so a resumed run continues the very rows it had written (all
 * but the wall-time column equal to an uninterrupted run's). Empty cells are values not measured.
 */
final class TrainingLog {

    private static final int CELLS = LogRow.HEADER.split(",").length;

    private final List<String> lines = new ArrayList<>();

    void append(LogRow r) {
        lines.add(String.join(",", Long.toString(r.globalStep()), r.phase(), Integer.toString(r.epoch()),
                fixed(r.epochs(), 4), sig(r.learningRate()), fixed(r.seconds(), 1), sig(r.largestLoss()),
                fixed(r.largestAccuracy(), 5), sig(r.subnetLoss()), fixed(r.subnetAccuracy(), 5),
                fixed(r.validationLargest(), 5), fixed(r.validationSmallest(), 5), fixed(r.testLargest(), 5),
                fixed(r.testSmallest(), 5)));
    }

    int size() {
        return lines.size();
    }

    byte[] csv() {
        StringBuilder text = new StringBuilder(LogRow.HEADER).append('\n');
        lines.forEach(l -> text.append(l).append('\n'));
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The log {@link #csv()} wrote, or one written before the test-set columns (their cells then empty).
     *
     * @throws IllegalArgumentException when the text is not such a log
     */
    static TrainingLog parse(byte[] csv) {
        String[] rows = new String(csv, StandardCharsets.UTF_8).split("\n");
        boolean withoutTest = rows.length > 0 && rows[0].equals(LogRow.HEADER_WITHOUT_TEST);
        if (rows.length == 0 || !(rows[0].equals(LogRow.HEADER) || withoutTest)) {
            throw new IllegalArgumentException("the training log does not start with the header " + LogRow.HEADER);
        }
        TrainingLog log = new TrainingLog();
        for (int i = 1; i < rows.length; i++) {
            if (!rows[i].isEmpty()) {
                String line = withoutTest ? rows[i] + ",," : rows[i];
                row(line, i);
                log.lines.add(line);
            }
        }
        return log;
    }

    List<LogRow> rows() {
        List<LogRow> rows = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            rows.add(row(lines.get(i), i + 1));
        }
        return rows;
    }

    private static LogRow row(String line, int number) {
        String[] c = line.split(",", -1);
        if (c.length != CELLS) {
            throw new IllegalArgumentException("training log line " + number + " has " + c.length + " cells, expected " + CELLS);
        }
        try {
            return new LogRow(Long.parseLong(c[0]), c[1], Integer.parseInt(c[2]), number(c[3]), number(c[4]), number(c[5]),
                    number(c[6]), number(c[7]), number(c[8]), number(c[9]), number(c[10]), number(c[11]), number(c[12]),
                    number(c[13]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("training log line " + number + " is not numeric where it should be: " + line, e);
        }
    }

    private static double number(String cell) {
        return cell.isEmpty() ? Double.NaN : Double.parseDouble(cell);
    }

    private static String fixed(double v, int decimals) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    private static String sig(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6g", v);
    }
}
