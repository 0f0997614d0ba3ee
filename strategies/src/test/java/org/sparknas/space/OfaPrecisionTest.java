package org.sparknas.space;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.sparknas.config.ConfigException;
import org.sparknas.config.StrictConfig;

/** The optional precision dimension of the Once-for-All space ({@code precisions = [fp32, int8]}). */
class OfaPrecisionTest {

    /** ofa-fmnist's fingerprint before precisions existed: recorded in supernet/ofa-fmnist.weights and in stored runs. */
    private static final String OFA_FMNIST_FINGERPRINT = "988e0163d2d25031c218b4506f250625d7951c746b11a81f4d4281619fc04046";
    private static final String KEY = "r24:d2,3,4:k3,5,3,3,3,5,7,3,7,7,7,7:e6,6,3,3,4,4,4,3,3,4,6,3";

    static OfaSpace plain() {
        return (OfaSpace) SearchSpaces.load(Path.of("../conf/spaces/ofa-fmnist.conf"));
    }

    static OfaSpace int8() {
        return (OfaSpace) SearchSpaces.load(Path.of("../conf/spaces/ofa-fmnist-int8.conf"));
    }

    private static OfaSpace withPrecisions(Precision... precisions) {
        OfaSpace p = plain();
        return new OfaSpace("p", p.inputChannels(), p.numClasses(), p.resolutions(), p.stem(), p.stages(), p.head(),
                List.of(precisions));
    }

    private static String configError(String precisions) {
        String hocon = "space { type = ofa, name = t, num-classes = 10, resolutions = [28], stem { channels = 8, stride = 2 },"
                + " head { channels = 32 }, stages = [ { channels = 8, depths = [1], kernels = [3], expand-ratios = [2] } ],"
                + " precisions = " + precisions + " }";
        return assertThrows(ConfigException.class, () -> SearchSpaces.fromConfig(
                new StrictConfig(ConfigFactory.parseString(hocon), "").object("space"))).getMessage();
    }

    @Test
    void aSpaceWithoutPrecisionsIsUnchanged() {
        OfaSpace space = plain();
        assertEquals(OFA_FMNIST_FINGERPRINT, space.fingerprint());
        assertEquals(OFA_FMNIST_FINGERPRINT, space.networkFingerprint());
        assertEquals(28, space.dimensions().size());
        assertFalse(space.dimensionNames().contains(OfaSpace.PRECISION));
        assertFalse(space.declaresPrecisions());
        assertEquals("r20:d2,2,2:k3,3,3,3,3,3,3,3,3,3,3,3:e3,3,3,3,3,3,3,3,3,3,3,3", space.smallest().key());
        assertEquals(KEY, space.parse(KEY).key());
        assertEquals(Precision.FP32, space.decode(space.parse(KEY)).precision());
        assertEquals(Precision.FP32, space.shape(space.parse(KEY)).precision());
        assertEquals(Precision.FP32, space.defaultPrecision());
        assertEquals(new BigInteger("1201435577433"), space.size());
        assertEquals(space, space.withoutPrecisions());
    }

    @Test
    void theInt8SpaceAddsOnePrecisionGeneOfBitWidthsInDeclaredOrder() {
        OfaSpace space = int8();
        assertEquals("ofa-fmnist-int8", space.name());
        assertEquals(29, space.dimensions().size());
        assertEquals(new Dimension("precision", List.of(32, 8)), space.dimensions().get(28));
        assertEquals(plain().dimensions(), space.dimensions().subList(0, 28));
        assertEquals(List.of(Precision.FP32, Precision.INT8), space.precisions());
        assertEquals(List.of(8, 32), withPrecisions(Precision.INT8, Precision.FP32).dimensions().get(28).choices());
        assertEquals(Precision.INT8, withPrecisions(Precision.INT8).defaultPrecision());
    }

    @Test
    void sizeCountsThePrecisionGene() {
        assertEquals(plain().size().multiply(BigInteger.TWO), int8().size());
        assertEquals(new BigInteger("2402871154866"), int8().size());
        assertEquals(plain().size(), withPrecisions(Precision.INT8).size());
    }

    @Test
    void keysEndInThePrecisionAndRoundTrip() {
        OfaSpace space = int8();
        Architecture a = space.parse(KEY + ":int8");
        assertEquals(KEY + ":int8", a.key());
        assertEquals(8, a.gene(28));
        assertEquals(a, space.parse(a.key()));
        assertEquals(KEY + ":fp32", space.parse(KEY + ":fp32").key());
        assertNotEquals(a, space.parse(KEY + ":fp32"));
        // smallest and largest take the smallest and largest bit width, like every other gene
        assertTrue(space.smallest().key().endsWith(":int8"), space.smallest().key());
        assertTrue(space.largest().key().endsWith(":fp32"), space.largest().key());
        // non-canonical keys are canonicalised, the precision kept
        assertEquals(KEY + ":int8",
                space.parse("r24:d2,3,4:k3,5,7,7,3,5,7,7,7,7,7,7:e6,6,6,6,4,4,4,6,3,4,6,3:int8").key());
    }

    @Test
    void decodeEncodeAndShapeCarryThePrecision() {
        OfaSpace space = int8();
        Architecture a = space.parse(KEY + ":int8");
        OfaArchitecture view = space.decode(a);
        assertEquals(Precision.INT8, view.precision());
        assertEquals(plain().decode(plain().parse(KEY)).depths(), view.depths());
        assertEquals(a, space.encode(view));
        SubnetShape shape = space.shape(a);
        assertEquals(Precision.INT8, shape.precision());
        // the precision does not change the network: same layers, MACs and parameters as in the plain space
        SubnetShape fp32 = plain().shape(plain().parse(KEY));
        assertEquals(fp32.blocks(), shape.blocks());
        assertEquals(fp32.macs(), shape.macs());
        assertEquals(fp32.params(), shape.params());
        OfaArchitecture full = new OfaArchitecture(view.resolution(), view.depths(), view.kernels(), view.expandRatios());
        assertEquals(Precision.FP32, full.precision());
        assertEquals(space.parse(KEY + ":fp32"), space.encode(full));
    }

    @Test
    void choicesIncludeThePrecisionBits() {
        Map<String, List<Integer>> choices = int8().choices(int8().parse(KEY + ":int8"));
        assertEquals(List.of("resolution", "depth.1", "depth.2", "depth.3", "kernel.1", "kernel.2", "kernel.3",
                "expand.1", "expand.2", "expand.3", "precision"), List.copyOf(choices.keySet()));
        assertEquals(List.of(8), choices.get("precision"));
        assertEquals(plain().choices(plain().parse(KEY)), Map.copyOf(choices).entrySet().stream()
                .filter(e -> !e.getKey().equals("precision"))
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
        assertFalse(plain().choices(plain().parse(KEY)).containsKey("precision"));
    }

    @Test
    void aKeyWithoutItsPrecisionIsRefusedShowingTheFormat() {
        OfaSpace space = int8();
        String message = assertThrows(InvalidArchitectureException.class, () -> space.parse(KEY)).getMessage();
        assertEquals("'" + KEY + "' has no precision; space 'ofa-fmnist-int8' declares [fp32, int8], so its keys end in one ("
                + OfaSpace.KEY_FORMAT + ", e.g. " + space.smallest().key() + ")", message);
    }

    @Test
    void anUndeclaredPrecisionIsRefusedNamingTheDeclaredOnes() {
        String message = assertThrows(InvalidArchitectureException.class, () -> int8().parse(KEY + ":int4")).getMessage();
        assertEquals("precision int4 of '" + KEY + ":int4' is not declared by space 'ofa-fmnist-int8'; it declares [fp32, int8]",
                message);
        OfaSpace fp32Only = withPrecisions(Precision.FP32);
        message = assertThrows(InvalidArchitectureException.class, () -> fp32Only.parse(KEY + ":int8")).getMessage();
        assertEquals("precision int8 of '" + KEY + ":int8' is not declared by space 'p'; it declares [fp32]", message);
        OfaArchitecture int8View = int8().decode(int8().parse(KEY + ":int8"));
        message = assertThrows(InvalidArchitectureException.class, () -> fp32Only.encode(int8View)).getMessage();
        assertEquals("precision int8 of the architecture is not declared by space 'p'; it declares [fp32]", message);
    }

    @Test
    void aSpaceWithoutPrecisionsRefusesOne() {
        OfaSpace space = plain();
        String message = assertThrows(InvalidArchitectureException.class, () -> space.parse(KEY + ":int8")).getMessage();
        assertTrue(message.startsWith("precision int8 of '" + KEY + ":int8' is not declared by space 'ofa-fmnist'; it"
                + " declares none"), message);
        assertTrue(message.contains(OfaSpace.KEY_FORMAT) && message.contains(space.smallest().key())
                && message.contains("precisions = [fp32, int8]"), message);
        OfaArchitecture int8View = int8().decode(int8().parse(KEY + ":int8"));
        message = assertThrows(InvalidArchitectureException.class, () -> space.encode(int8View)).getMessage();
        assertTrue(message.contains("precision int8") && message.contains("'ofa-fmnist'") && message.contains("declares none"),
                message);
        message = assertThrows(InvalidArchitectureException.class, () -> space.parse(KEY + ":int8:fp32")).getMessage();
        assertTrue(message.contains("is not an Once-for-All key") && message.contains(OfaSpace.KEY_FORMAT), message);
    }

    @Test
    void theFingerprintIncludesThePrecisionsTheNetworkFingerprintDoesNot() {
        OfaSpace int8 = int8();
        assertNotEquals(OFA_FMNIST_FINGERPRINT, int8.fingerprint());
        assertEquals(OFA_FMNIST_FINGERPRINT, int8.networkFingerprint());
        // the order is part of the space (it is the order of the gene's choices), and so is fp32 alone
        assertNotEquals(int8.fingerprint(), withPrecisions(Precision.INT8, Precision.FP32).fingerprint());
        assertNotEquals(OFA_FMNIST_FINGERPRINT, withPrecisions(Precision.FP32).fingerprint());
        assertEquals(int8.fingerprint(), withPrecisions(Precision.FP32, Precision.INT8).fingerprint(),
                "the name is not part of the fingerprint");
        assertEquals(OFA_FMNIST_FINGERPRINT, int8.withoutPrecisions().fingerprint());
    }

    @Test
    void withoutPrecisionDropsTheGene() {
        OfaSpace space = int8();
        Architecture a = space.parse(KEY + ":int8");
        Architecture network = space.withoutPrecision(a);
        assertEquals(KEY, network.key());
        assertEquals(28, network.length());
        assertEquals(plain().parse(KEY), network);
        assertEquals(plain().parse(KEY), space.withoutPrecision(space.parse(KEY + ":fp32")));
        assertEquals(plain().shape(network), space.withoutPrecisions().shape(network));
    }

    @Test
    void samplingAndMutationVisitBothPrecisionsAndStaySeeded() {
        OfaSpace space = int8();
        SplittableRandom r1 = new SplittableRandom(11);
        SplittableRandom r2 = new SplittableRandom(11);
        Set<Integer> sampled = new HashSet<>();
        Set<Integer> mutated = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            Architecture a = space.sample(r1);
            assertEquals(a, space.sample(r2));
            assertEquals(a, space.parse(a.key()));
            sampled.add(a.gene(28));
            Architecture m = space.mutate(a, r1, MutationRates.uniform(1.0));
            assertEquals(m, space.mutate(a, r2, MutationRates.uniform(1.0)));
            assertNotEquals(a.gene(28), m.gene(28), "probability 1 changes the precision gene too");
            mutated.add(m.gene(28));
        }
        assertEquals(Set.of(32, 8), sampled);
        assertEquals(Set.of(32, 8), mutated);
        List<Architecture> grid = space.grid(space.matchDimensions(List.of("precision")), space.largest()).toList();
        assertEquals(List.of(space.parse(space.withoutPrecision(space.largest()).key() + ":fp32"),
                space.parse(space.withoutPrecision(space.largest()).key() + ":int8")), grid);
    }

    @Test
    void configRefusesBadPrecisionListsNamingTheValue() {
        String message = configError("[fp32, int4]");
        assertTrue(message.contains("'space.precisions'") && message.contains("'int4' is not a precision")
                && message.contains("allowed: fp32, int8"), message);
        message = configError("[int8, fp32, int8]");
        assertTrue(message.contains("'space.precisions'") && message.contains("lists int8 twice"), message);
        message = configError("[]");
        assertTrue(message.contains("'space.precisions'") && message.contains("empty") && message.contains("leave the key out"),
                message);
        message = configError("int8");
        assertTrue(message.contains("'space.precisions'") && message.contains("a list of strings"), message);
    }

    @Test
    void theConstructorRefusesARepeatedPrecision() {
        String message = assertThrows(IllegalArgumentException.class,
                () -> withPrecisions(Precision.INT8, Precision.INT8)).getMessage();
        assertEquals("precisions lists a precision twice: [int8, int8]", message);
    }
}
