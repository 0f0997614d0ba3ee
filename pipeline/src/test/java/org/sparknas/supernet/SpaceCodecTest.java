package org.sparknas.supernet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sparknas.config.ConfigException;
import org.sparknas.space.Activation;
import org.sparknas.space.OfaHead;
import org.sparknas.space.OfaSpace;
import org.sparknas.space.Precision;
import org.sparknas.space.SearchSpaces;
import org.sparknas.train.TrainConfig;

/** How the precisions of a space travel through SpaceCodec, and why they do not tie a space to other weights. */
class SpaceCodecTest {

    private static final Path WEIGHTS = Path.of("../supernet/ofa-fmnist.weights");

    private static OfaSpace plain() {
        return (OfaSpace) SearchSpaces.load(Path.of("../conf/spaces/ofa-fmnist.conf"));
    }

    private static OfaSpace int8() {
        return (OfaSpace) SearchSpaces.load(Path.of("../conf/spaces/ofa-fmnist-int8.conf"));
    }

    @Test
    void precisionsRoundTripAndAreWrittenOnlyWhenDeclared() {
        OfaSpace int8 = int8();
        Config written = SpaceCodec.toConfig(int8);
        assertEquals(List.of("fp32", "int8"), written.getStringList("precisions"));
        OfaSpace read = SpaceCodec.fromConfig(written, "test");
        assertEquals(int8.fingerprint(), read.fingerprint());
        assertEquals(List.of(Precision.FP32, Precision.INT8), read.precisions());
        assertEquals(int8.dimensions(), read.dimensions());

        Config plain = SpaceCodec.toConfig(plain());
        assertFalse(plain.hasPath("precisions"), "a space without precisions is written as before: " + plain.root().render());
        assertEquals(plain().fingerprint(), SpaceCodec.fromConfig(plain, "test").fingerprint());
        assertEquals(plain.withoutPath("name"), SpaceCodec.toConfig(int8.withoutPrecisions()).withoutPath("name"));
    }

    @Test
    void differencesIgnorePrecisions() {
        assertEquals(List.of(), SpaceCodec.differences(plain(), int8()));
        OfaSpace p = plain();
        OfaSpace narrowInt8 = new OfaSpace("narrow", p.inputChannels(), p.numClasses(), p.resolutions(), p.stem(), p.stages(),
                new OfaHead(64, Activation.HSWISH), List.of(Precision.INT8));
        List<String> diff = SpaceCodec.differences(p, narrowInt8);
        assertEquals(1, diff.size(), diff.toString());
        assertTrue(diff.get(0).startsWith("head: "), diff.toString());
    }

    @Test
    void theBundledSupernetServesTheInt8SpaceButNotAnotherNetwork() {
        OfaSpace int8 = int8();
        SupernetWeights weights = SupernetWeights.read(WEIGHTS).requireSpace(int8);
        assertNotEquals(int8.fingerprint(), weights.space().fingerprint(), "the run still tells the two spaces apart");
        assertEquals(int8.networkFingerprint(), weights.space().fingerprint());

        OfaSpace p = plain();
        OfaSpace narrowInt8 = new OfaSpace("narrow-int8", p.inputChannels(), p.numClasses(), p.resolutions(), p.stem(),
                p.stages(), new OfaHead(64, Activation.HSWISH), List.of(Precision.FP32, Precision.INT8));
        ConfigException e = assertThrows(ConfigException.class, () -> weights.requireSpace(narrowInt8));
        assertTrue(e.getMessage().contains("narrow-int8") && e.getMessage().contains("head: OfaHead[channels=128")
                && !e.getMessage().contains("precision"), e.getMessage());
    }

    @Test
    void trainingASpaceWithPrecisionsTrainsTheSupernetOfItsNetwork() {
        OfaSpace trained = TrainConfig.load(Path.of("../conf/train.conf"), Map.of("space.precisions", "[fp32, int8]")).space();
        assertEquals(List.of(), trained.precisions());
        assertEquals(plain().fingerprint(), trained.fingerprint());
    }
}
