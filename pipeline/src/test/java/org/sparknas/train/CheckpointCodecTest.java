package org.sparknas.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sparknas.config.ConfigException;

class CheckpointCodecTest {

    private static final Checkpoint CHECKPOINT = new Checkpoint(new TrainingPosition(2, 1, 17, 1234),
            Map.of("seed", "5", "phase-1", "largest: elastic=resolution epochs=8"), 1234.5678,
            new byte[] {1, 2, 3}, new byte[] {4, 5}, "log,text\n".getBytes());

    @Test
    void roundTripsEverything() {
        Checkpoint back = CheckpointCodec.decode(CheckpointCodec.encode(CHECKPOINT), "c.ckpt");
        assertEquals(CHECKPOINT.position(), back.position());
        assertEquals(CHECKPOINT.recipe(), back.recipe());
        assertEquals(CHECKPOINT.seconds(), back.seconds());
        assertArrayEquals(CHECKPOINT.weights(), back.weights());
        assertArrayEquals(CHECKPOINT.optimizer(), back.optimizer());
        assertArrayEquals(CHECKPOINT.log(), back.log());
    }

    @Test
    void everyDamageIsRefusedNamingTheFile() {
        byte[] good = CheckpointCodec.encode(CHECKPOINT);
        assertRefused(Arrays.copyOf(good, good.length - 1), "truncated");
        assertRefused(Arrays.copyOf(good, 30), "header length");
        byte[] flipped = good.clone();
        flipped[good.length - 3] ^= 1; // inside the last section (the log)
        assertRefused(flipped, "SHA-256");
        byte[] longer = Arrays.copyOf(good, good.length + 3);
        assertRefused(longer, "unexpected bytes");
        assertRefused("SPARKNAS-SUPERNET\n...".getBytes(), "not a sparknas training checkpoint");
    }

    private static void assertRefused(byte[] bytes, String expected) {
        ConfigException e = assertThrows(ConfigException.class, () -> CheckpointCodec.decode(bytes, "out/x.ckpt"));
        assertTrue(e.getMessage().startsWith("checkpoint out/x.ckpt is unreadable"), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().contains("--restart"), e.getMessage());
    }
}
