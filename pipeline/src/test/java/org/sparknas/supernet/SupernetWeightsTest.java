package org.sparknas.supernet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparknas.config.ConfigException;
import org.sparknas.space.Activation;
import org.sparknas.space.OfaHead;
import org.sparknas.space.OfaSpace;

class SupernetWeightsTest {

    private static NDManager manager;
    private static OfaSpace space;
    private static ElasticSupernet supernet;
    private static byte[] bytes;

    @TempDir
    Path dir;

    @BeforeAll
    static void setUp() {
        manager = NDManager.newBaseManager();
        space = TestSupernets.defaultSpace();
        supernet = TestSupernets.randomized(space, manager, 31);
        bytes = SupernetWeights.encode(supernet, InputNormalization.FASHION_MNIST,
                new TrainingInfo(Map.of("method", "test", "epochs", "0")));
    }

    @AfterAll
    static void tearDown() {
        manager.close();
    }

    @Test
    void roundTripThroughAFileKeepsEveryParameterAndTheManifest() {
        Path file = dir.resolve("supernet.weights");
        SupernetWeights.save(supernet, InputNormalization.FASHION_MNIST, new TrainingInfo(Map.of("method", "test", "epochs", "0")),
                file);
        SupernetWeights weights = SupernetWeights.read(file).requireSpace(space);
        WeightsManifest manifest = weights.manifest();
        assertEquals(space.fingerprint(), manifest.spaceFingerprint());
        assertEquals("test", manifest.training().get("method"));
        assertEquals(InputNormalization.FASHION_MNIST, manifest.normalization());
        assertEquals(supernet.getDirectParameters().size(), manifest.parameters().size());
        try (NDManager scope = manager.newSubManager()) {
            ElasticSupernet loaded = weights.instantiate(scope);
            for (Pair<String, Parameter> p : supernet.getDirectParameters()) {
                NDArray original = p.getValue().getArray();
                NDArray copy = loaded.getDirectParameters().get(p.getKey()).getArray();
                assertEquals(original.getShape(), copy.getShape(), p.getKey());
                assertArrayEquals(original.toFloatArray(), copy.toFloatArray(), p.getKey());
            }
        }
    }

    @Test
    @SuppressWarnings("try") // resources held open for their scope (grad mode, NDScope)
    void bytesAndFileGiveTheSameSupernetAndTheSameOutputs() throws IOException {
        Path file = dir.resolve("a.weights");
        Files.write(file, bytes);
        SupernetWeights fromFile = SupernetWeights.read(file);
        SupernetWeights fromBytes = SupernetWeights.parse(Files.readAllBytes(file), "broadcast");
        assertEquals(fromFile.checksum(), fromBytes.checksum());
        try (NDManager scope = manager.newSubManager(); NoGrad ignored = NoGrad.enter()) {
            ElasticSupernet loaded = fromBytes.instantiate(scope);
            NDArray images = TestSupernets.randomImages(scope, 3, 1, 28, 1);
            var arch = space.parse("r20:d2,3,2:k3,5,3,3,7,3,5,3,5,3,7,3:e3,4,3,3,4,6,3,3,6,3,4,3");
            supernet.setActive(arch);
            loaded.setActive(arch);
            assertArrayEquals(supernet.forward(images, supernet.pass(NormMode.INFERENCE, LayerObserver.NONE)).toFloatArray(),
                    loaded.forward(images, loaded.pass(NormMode.INFERENCE, LayerObserver.NONE)).toFloatArray());
        }
    }

    @Test
    void anotherTrainingRecordKeepsTheParameterBytesAndTheirChecksum() {
        SupernetWeights original = SupernetWeights.parse(bytes, "original");
        byte[] rewritten = original.withTraining(new TrainingInfo(Map.of("method", "test", "test-accuracy-largest", "0.1234")));
        SupernetWeights updated = SupernetWeights.parse(rewritten, "rewritten");
        assertEquals(original.checksum(), updated.checksum());
        assertEquals("0.1234", updated.manifest().training().get("test-accuracy-largest"));
        assertEquals(original.manifest().normalization(), updated.manifest().normalization());
        assertEquals(original.manifest().parameters(), updated.manifest().parameters());
        int parameterBytes = (int) original.manifest().parameterBytes();
        assertArrayEquals(Arrays.copyOfRange(bytes, bytes.length - parameterBytes, bytes.length),
                Arrays.copyOfRange(rewritten, rewritten.length - parameterBytes, rewritten.length));
    }

    @Test
    void theSameWeightsGiveTheSameBytesAndChecksum() {
        try (NDManager scope = manager.newSubManager()) {
            ElasticSupernet a = new ElasticSupernet(space);
            a.initializeWeights(scope, 5);
            ElasticSupernet b = new ElasticSupernet(space);
            b.initializeWeights(scope, 5);
            ElasticSupernet c = new ElasticSupernet(space);
            c.initializeWeights(scope, 6);
            byte[] ba = SupernetWeights.encode(a, InputNormalization.FASHION_MNIST, TrainingInfo.untrained(5));
            byte[] bb = SupernetWeights.encode(b, InputNormalization.FASHION_MNIST, TrainingInfo.untrained(5));
            byte[] bc = SupernetWeights.encode(c, InputNormalization.FASHION_MNIST, TrainingInfo.untrained(6));
            assertArrayEquals(ba, bb);
            assertFalse(SupernetWeights.parse(ba, "a").checksum().equals(SupernetWeights.parse(bc, "c").checksum()));
        }
    }

    @Test
    void aTruncatedFileIsRefusedByName() throws IOException {
        int manifestEnd = SupernetWeights.MAGIC.length + 4 + 100;
        for (int length : new int[] {5, SupernetWeights.MAGIC.length + 2, manifestEnd, bytes.length - 1000, bytes.length - 1}) {
            Path file = dir.resolve("cut-" + length + ".weights");
            Files.write(file, Arrays.copyOf(bytes, length));
            ConfigException e = assertThrows(ConfigException.class, () -> SupernetWeights.read(file));
            assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
            assertTrue(e.getMessage().contains("truncated") || e.getMessage().contains("not a sparknas"), e.getMessage());
        }
    }

    @Test
    void aChangedParameterByteFailsTheChecksum() throws IOException {
        byte[] damaged = bytes.clone();
        damaged[damaged.length - 10] ^= 0x5A;
        Path file = dir.resolve("damaged.weights");
        Files.write(file, damaged);
        ConfigException e = assertThrows(ConfigException.class, () -> SupernetWeights.read(file));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("checksum mismatch"), e.getMessage());
    }

    @Test
    void aFileOfAnotherKindIsRefused() {
        byte[] other = "PK\u0003\u0004 not weights at all".getBytes(StandardCharsets.ISO_8859_1);
        ConfigException e = assertThrows(ConfigException.class, () -> SupernetWeights.parse(other, "model.zip"));
        assertTrue(e.getMessage().contains("model.zip") && e.getMessage().contains("not a sparknas supernet weights file"),
                e.getMessage());
    }

    @Test
    void weightsForAnotherSpaceAreRefusedWithTheDifference() {
        OfaSpace other = new OfaSpace("narrow-head", space.inputChannels(), space.numClasses(), space.resolutions(), space.stem(),
                space.stages(), new OfaHead(64, Activation.HSWISH));
        SupernetWeights weights = SupernetWeights.parse(bytes, "supernet.weights");
        ConfigException e = assertThrows(ConfigException.class, () -> weights.requireSpace(other));
        assertTrue(e.getMessage().contains("supernet.weights") && e.getMessage().contains("narrow-head")
                && e.getMessage().contains("head: OfaHead[channels=128") && e.getMessage().contains("channels=64"), e.getMessage());
    }

    @Test
    void anEditedManifestIsRefused() {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        // change the head width inside the manifest without changing its fingerprint
        String edited = text.replaceFirst("\"channels\" : 128", "\"channels\" : 120");
        assertFalse(edited.equals(text), "the manifest should contain the head width");
        byte[] damaged = edited.getBytes(StandardCharsets.ISO_8859_1);
        ConfigException e = assertThrows(ConfigException.class, () -> SupernetWeights.parse(damaged, "edited.weights"));
        assertTrue(e.getMessage().contains("edited.weights") && e.getMessage().contains("fingerprint"), e.getMessage());
    }

    @Test
    void aMissingFileIsNamed() {
        Path missing = dir.resolve("nope.weights");
        ConfigException e = assertThrows(ConfigException.class, () -> SupernetWeights.read(missing));
        assertTrue(e.getMessage().contains(missing.toString()) && e.getMessage().contains("does not exist"), e.getMessage());
    }
    @Test
    void theBundledOneChannelManifestReadsAsBeforeAndIsWrittenByteForByteAsBefore() throws IOException {
        byte[] file = Files.readAllBytes(Path.of("../supernet/ofa-fmnist.weights"));
        SupernetWeights bundled = SupernetWeights.parse(file, "ofa-fmnist.weights");
        assertEquals(new InputNormalization(0.286f, 0.3529f), bundled.manifest().normalization());
        // written with scalar mean and std, as every one-channel manifest was: same bytes, same checksums, same runs
        assertArrayEquals(file, bundled.withTraining(bundled.manifest().training()));
    }

    @Test
    void aThreeChannelSupernetKeepsOneMeanAndStdPerChannel() {
        OfaSpace rgb = new OfaSpace("rgb", 3, space.numClasses(), space.resolutions(), space.stem(), space.stages(), space.head());
        InputNormalization normalization = new InputNormalization(java.util.List.of(0.485f, 0.456f, 0.406f),
                java.util.List.of(0.229f, 0.224f, 0.225f));
        try (NDManager scope = manager.newSubManager()) {
            ElasticSupernet supernet3 = new ElasticSupernet(rgb);
            supernet3.initializeWeights(scope, 7);
            byte[] encoded = SupernetWeights.encode(supernet3, normalization, TrainingInfo.untrained(7));
            String text = new String(encoded, StandardCharsets.ISO_8859_1);
            assertTrue(text.contains("\"mean\" : [\n") && text.contains("0.485,"), "lists in the manifest");
            WeightsManifest manifest = SupernetWeights.parse(encoded, "rgb.weights").requireSpace(rgb).manifest();
            assertEquals(normalization, manifest.normalization());

            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SupernetWeights.encode(supernet3, InputNormalization.FASHION_MNIST, TrainingInfo.untrained(7)));
            assertTrue(e.getMessage().contains("1 channel(s)") && e.getMessage().contains("input-channels = 3"), e.getMessage());

            // a scalar mean and std (one channel) in the manifest of a three-channel space is damage, named
            String scalars = text.replaceFirst("\"mean\" : \\[[^]]*]", "\"mean\" : 0.4").replaceFirst(
                    "\"std\" : \\[[^]]*]", "\"std\" : 0.2");
            byte[] edited = withManifest(encoded, scalars);
            ConfigException c = assertThrows(ConfigException.class, () -> SupernetWeights.parse(edited, "edited.weights"));
            assertTrue(c.getMessage().contains("edited.weights") && c.getMessage().contains("input normalisation has 1 channel(s)")
                    && c.getMessage().contains("input-channels = 3"), c.getMessage());
        }
    }

    /** {@code bytes} edited into {@code text} (the whole file as ISO-8859-1) inside its manifest, the manifest length fixed. */
    private static byte[] withManifest(byte[] bytes, String text) {
        int lengthAt = SupernetWeights.MAGIC.length;
        int oldLength = java.nio.ByteBuffer.wrap(bytes, lengthAt, 4).getInt();
        byte[] edited = text.getBytes(StandardCharsets.ISO_8859_1);
        assertFalse(Arrays.equals(bytes, edited), "the edit should change the manifest");
        java.nio.ByteBuffer.wrap(edited, lengthAt, 4).putInt(oldLength + edited.length - bytes.length);
        return edited;
    }
}
