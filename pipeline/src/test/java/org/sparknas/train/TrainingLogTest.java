package org.sparknas.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The training log's text: what it writes, reads back, and the older layout a checkpoint may hold. */
class TrainingLogTest {

    @Test
    void aRowReadsBackAsWrittenWithEmptyCellsForWhatWasNotMeasured() {
        TrainingLog log = new TrainingLog();
        log.append(new LogRow(50, "all-at-once", 1, 0.1166, 0.0387597, 24.8, 1.75453, 0.42625, 1.00148, 0.35094,
                Double.NaN, Double.NaN, Double.NaN, Double.NaN));
        log.append(new LogRow(429, "all-at-once", 1, 1.0, 0.0999, 212.5, 0.9, 0.8, 0.6, 0.75, 0.871, 0.84, 0.8655, 0.8325));
        String csv = new String(log.csv(), StandardCharsets.UTF_8);
        assertEquals(LogRow.HEADER + "\n"
                + "50,all-at-once,1,0.1166,0.0387597,24.8,1.75453,0.42625,1.00148,0.35094,,,,\n"
                + "429,all-at-once,1,1.0000,0.0999000,212.5,0.900000,0.80000,0.600000,0.75000,0.87100,0.84000,0.86550,0.83250\n",
                csv);
        List<LogRow> rows = TrainingLog.parse(log.csv()).rows();
        assertEquals(0.8655, rows.get(1).testLargest(), 1e-12);
        assertTrue(Double.isNaN(rows.get(0).testSmallest()) && !rows.get(0).validated());
    }

    @Test
    void aLogWrittenBeforeTheTestColumnsResumesWithThemEmpty() {
        String old = LogRow.HEADER_WITHOUT_TEST + "\n"
                + "7722,all-at-once,18,18.0000,4.27970e-09,4007.5,0.650481,0.93253,0.357608,0.91300,0.93100,0.90350\n";
        TrainingLog log = TrainingLog.parse(old.getBytes(StandardCharsets.UTF_8));
        LogRow row = log.rows().get(0);
        assertEquals(0.931, row.validationLargest(), 1e-12);
        assertTrue(Double.isNaN(row.testLargest()) && Double.isNaN(row.testSmallest()));
        // written back in today's layout
        assertTrue(new String(log.csv(), StandardCharsets.UTF_8).startsWith(LogRow.HEADER + "\n7722,all-at-once,18,"));
        assertEquals(LogRow.HEADER.split(",").length - 2, LogRow.HEADER_WITHOUT_TEST.split(",").length);
    }

    @Test
    void textThatIsNotSuchALogIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainingLog.parse("a,b\n1,2\n".getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains("does not start with the header"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> TrainingLog.parse((LogRow.HEADER + "\n1,x,1,1,1,1,1,1,1,1,1,1\n").getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains("has 12 cells, expected 14"), e.getMessage());
    }
}
