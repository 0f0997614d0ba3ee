package org.sparknas.space;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PrecisionTest {

    @Test
    void namesAndBitWidths() {
        assertEquals("fp32", Precision.FP32.configName());
        assertEquals("int8", Precision.INT8.configName());
        assertEquals(32, Precision.FP32.bits());
        assertEquals(8, Precision.INT8.bits());
        assertEquals("fp32, int8", Precision.allowedNames());
    }

    @Test
    void parsesNamesAndBitWidths() {
        assertEquals(Precision.INT8, Precision.parse("int8"));
        assertEquals(Precision.FP32, Precision.parse(" FP32 "));
        assertEquals(Precision.INT8, Precision.fromBits(8));
        assertEquals(Precision.FP32, Precision.fromBits(32));
    }

    @Test
    void refusesUnknownNamesAndWidthsNamingTheAllowedOnes() {
        String message = assertThrows(IllegalArgumentException.class, () -> Precision.parse("int4")).getMessage();
        assertEquals("unknown precision 'int4'; use one of fp32, int8", message);
        message = assertThrows(IllegalArgumentException.class, () -> Precision.fromBits(16)).getMessage();
        assertTrue(message.contains("16 bits") && message.contains("32 (fp32)") && message.contains("8 (int8)"), message);
    }
}
