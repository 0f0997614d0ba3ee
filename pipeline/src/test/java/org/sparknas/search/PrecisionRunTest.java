package org.sparknas.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sparknas.space.OfaSpace;

/**
 * A search over precisions is a run of its own: its trajectory digest (hence derived run id and
 * resume check) and recorded space fingerprint differ from the same search without precisions,
 * while the bundled latency tables, which time layers, serve both.
 */
class PrecisionRunTest {

    private static final Path SEARCH = Path.of("../conf/search.conf");

    @Test
    void aSpaceWithPrecisionsRecordsItsOwnFingerprintAndDigest() {
        SearchSettings plain = SearchSettings.load(SEARCH, Map.of());
        SearchSettings int8 = SearchSettings.load(SEARCH, Map.of("space.precisions", "[fp32, int8]"));
        Map<String, String> a = RunPlan.trajectoryOf(plain, "sha");
        Map<String, String> b = RunPlan.trajectoryOf(int8, "sha");
        assertEquals("988e0163d2d25031c218b4506f250625d7951c746b11a81f4d4281619fc04046", a.get("space.fingerprint"));
        assertEquals(int8.space().fingerprint(), b.get("space.fingerprint"));
        assertNotEquals(a.get("space.fingerprint"), b.get("space.fingerprint"));
        assertNotEquals(RunPlan.digest(a), RunPlan.digest(b));
        assertEquals(a.get("space.fingerprint"), ((OfaSpace) int8.space()).networkFingerprint());
        // the shipped search reads latency tables profiled for ofa-fmnist; they were accepted for the int8 space
        assertEquals(java.util.Set.of("cpu", "cpu2t"), int8.latency().tables().keySet());
        assertEquals(plain.latency().tables().keySet(), int8.latency().tables().keySet());
    }
}
