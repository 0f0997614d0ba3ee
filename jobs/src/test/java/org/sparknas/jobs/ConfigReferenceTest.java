package org.sparknas.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md holds the reference generated from the settings' declarations; this test
 * fails when it is stale. With {@code -Dsparknas.regenerate=true} it writes the document instead.
 */
class ConfigReferenceTest {

    private static final Path DOC = Path.of("../docs/configuration.md");
    static final String REGENERATE = "mvn -B -q -o -pl jobs -am test -Dtest=ConfigReferenceTest"
            + " -Dsurefire.failIfNoSpecifiedTests=false -Dsparknas.regenerate=true";

    @Test
    void theDocumentedReferenceIsTheGeneratedOne() throws Exception {
        String written = Files.readString(DOC, StandardCharsets.UTF_8);
        String generated = ConfigReference.sparknas().into(written);
        if (Boolean.getBoolean("sparknas.regenerate")) {
            Files.writeString(DOC, generated, StandardCharsets.UTF_8);
            return;
        }
        assertEquals(generated, written, "docs/configuration.md differs from the settings' declarations; regenerate it"
                + " with: " + REGENERATE);
    }

    @Test
    void everyDeclaredKeyIsInTheReference() {
        String text = ConfigReference.sparknas().markdown();
        for (String key : new String[] {"`search.generation-size`", "`data.split-seed`", "`evaluation.batch-size`",
            "`latency.measure.repeats`", "`progressive.<phase>.subnets`", "`loss.distillation-weight`", "`run-id`"}) {
            assertTrue(text.contains("| " + key + " |"), key + " missing from the reference");
        }
        assertTrue(text.contains("| `progressive.<phase>.subnets` | integer | `sampling.subnets` | at least 0 |"), text);
    }
}
