package org.sparknas.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/strategies.md's table of strategies names exactly the registered ones, in their order. */
class StrategiesDocTest {

    private static final String HEADER = "| name | what it is |";
    private static final Pattern ROW = Pattern.compile("(?m)^\\| `([a-z0-9-]+)` \\|");

    @Test
    void theDocsListEveryRegisteredStrategy() throws IOException {
        String docs = Files.readString(Path.of("../docs/strategies.md"));
        // the table of strategies only: other tables (the benchmarks) name strategies too
        int start = docs.indexOf(HEADER);
        assertTrue(start >= 0, "docs/strategies.md has no table headed '" + HEADER + "'");
        int end = docs.indexOf("\n\n", start);
        Matcher m = ROW.matcher(docs.substring(start, end < 0 ? docs.length() : end));
        List<String> listed = new java.util.ArrayList<>();
        while (m.find()) {
            listed.add(m.group(1));
        }
        assertEquals(Strategies.names(), listed,
                "docs/strategies.md's table must have one row per entry of Strategies' registry, in its order");
    }
}
