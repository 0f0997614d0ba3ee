package org.sparknas.deploy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import ai.onnxruntime.OrtEnvironment;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparknas.config.ConfigException;
import org.sparknas.data.ImageSet;
import org.sparknas.data.SyntheticImages;
import org.sparknas.onnx.OnnxSession;
import org.sparknas.space.Architecture;
import org.sparknas.space.Fingerprints;
import org.sparknas.space.OfaSpace;
import org.sparknas.supernet.ElasticSupernet;
import org.sparknas.supernet.InputNormalization;
import org.sparknas.supernet.TestSupernets;

/**
 * An export's ONNX files: checksummed in the manifest, self-describing through their metadata,
 * loaded by DJL's {@code Criteria} on the ONNX Runtime engine, and by ONNX Runtime alone in a fresh
 * JVM, all computing what the exported DJL model computes.
 */
class OnnxExportTest {

    private static final int N = 20;

    private static NDManager manager;
    private static OfaSpace space;
    private static ElasticSupernet supernet;
    private static ImageSet images;
    private static Architecture arch;

    @TempDir
    Path dir;

    @BeforeAll
    static void setUp() {
        manager = NDManager.newBaseManager();
        space = TestSupernets.defaultSpace();
        supernet = TestSupernets.randomized(space, manager, 41);
        images = SyntheticImages.fashionLike(80, 0, 4).training();
        arch = space.parse("r24:d3,2,4:k5,3,7,3,7,3,5,3,3,5,7,5:e4,6,3,3,3,6,3,3,6,4,3,4");
    }

    @AfterAll
    static void tearDown() {
        manager.close();
    }

    private void export() {
        SubnetExporter.export(supernet, arch, new SubnetExporter.Options(images.first(60), 20, InputNormalization.FASHION_MNIST,
                Map.of("search-run", "run-7", "accuracy", "0.9012", "latency_cpu_b1", "1.23")), dir);
    }

    private float[] input() {
        return InputNormalization.FASHION_MNIST.apply(images, 60, N);
    }

    private float[] djlLogits() {
        try (ExportedSubnet exported = ExportedSubnet.load(dir); NDManager scope = manager.newSubManager()) {
            return exported.logits(scope.create(input(), new Shape(N, 1, 28, 28))).toFloatArray();
        }
    }

    @Test
    void theManifestChecksumsBothOnnxFilesAndTheFilesDescribeThemselves() throws Exception {
        export();
        Config manifest = ConfigFactory.parseFile(dir.resolve(SubnetExporter.MANIFEST).toFile());
        assertEquals(2, manifest.getInt("version"));
        for (String precision : List.of("fp32", "int8")) {
            Path file = dir.resolve(manifest.getString("onnx." + precision + ".file"));
            byte[] bytes = Files.readAllBytes(file);
            assertEquals(Fingerprints.sha256(bytes), manifest.getString("onnx." + precision + ".sha256"));
            assertEquals(bytes.length, manifest.getLong("onnx." + precision + ".bytes"));
            try (ExportedSubnet exported = ExportedSubnet.load(dir)) {
                assertEquals(file, exported.onnxModel(precision));
            }
            try (var session = OrtEnvironment.getEnvironment().createSession(file.toString())) {
                Map<String, String> meta = session.getMetadata().getCustomMetadata();
                assertEquals(arch.key(), meta.get("sparknas.architecture"));
                assertEquals(precision, meta.get("sparknas.precision"));
                assertEquals(space.fingerprint(), meta.get("sparknas.space-fingerprint"));
                assertEquals("0.9012", meta.get("sparknas.accuracy"));
                assertEquals("1.23", meta.get("sparknas.latency_cpu_b1"));
                assertEquals("run-7", meta.get("sparknas.search-run"));
                assertEquals(Long.toString(space.macs(arch)), meta.get("sparknas.macs"));
            }
        }
        long fp32 = manifest.getLong("onnx.fp32.bytes");
        long int8 = manifest.getLong("onnx.int8.bytes");
        assertTrue(int8 * 2 < fp32, "int8 model " + int8 + " bytes, fp32 " + fp32);
        assertEquals(60, manifest.getInt("onnx.int8.calibration-images"));
    }

    @Test
    void aThreeChannelSubNetworkRunsAlikeInOnnxRuntimeAndDjl() throws Exception {
        OfaSpace rgb = new OfaSpace("rgb", 3, space.numClasses(), space.resolutions(), space.stem(), space.stages(), space.head());
        InputNormalization normalization = new InputNormalization(List.of(0.485f, 0.456f, 0.406f),
                List.of(0.229f, 0.224f, 0.225f));
        SplittableRandom random = new SplittableRandom(17);
        byte[] pixels = new byte[80 * 3 * 28 * 28];
        random.nextBytes(pixels);
        byte[] labels = new byte[80];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = (byte) random.nextInt(rgb.numClasses());
        }
        ImageSet rgbImages = new ImageSet(pixels, labels, 3, 28, 28, rgb.numClasses());
        Architecture rgbArch = rgb.parse(arch.key());
        try (NDManager scope = manager.newSubManager()) {
            ElasticSupernet rgbSupernet = TestSupernets.randomized(rgb, scope, 43);
            SubnetExporter.export(rgbSupernet, rgbArch, new SubnetExporter.Options(rgbImages.first(60), 20, normalization,
                    Map.of()), dir);
        }
        Config manifest = ConfigFactory.parseFile(dir.resolve(SubnetExporter.MANIFEST).toFile());
        assertEquals(List.of(0.485, 0.456, 0.406), manifest.getDoubleList("input.mean"));
        assertEquals(List.of(0.229, 0.224, 0.225), manifest.getDoubleList("input.std"));
        assertEquals(3, manifest.getInt("input.channels"));
        float[] input = normalization.apply(rgbImages, 60, N);
        float[] djl;
        int[] classes;
        try (ExportedSubnet exported = ExportedSubnet.load(dir); NDManager scope = manager.newSubManager()) {
            assertEquals(normalization, exported.normalization());
            djl = exported.logits(scope.create(input, new Shape(N, 3, 28, 28))).toFloatArray();
            classes = exported.classify(rgbImages.subset(java.util.stream.IntStream.range(60, 60 + N).toArray()), 7);
        }
        float[] onnx;
        try (OnnxSession session = OnnxSession.open(Files.readAllBytes(dir.resolve(SubnetExporter.ONNX_FP32)), 1)) {
            onnx = session.logits(input, N, 3, 28, 28);
        }
        assertTrue(maxAbsDiff(djl, onnx) < 1e-4f, "fp32 ONNX against DJL on RGB images: " + maxAbsDiff(djl, onnx));
        int classesOut = rgb.numClasses();
        for (int i = 0; i < N; i++) {
            int best = 0;
            for (int c = 1; c < classesOut; c++) {
                if (djl[i * classesOut + c] > djl[i * classesOut + best]) {
                    best = c;
                }
            }
            assertEquals(best, classes[i], "image " + i + ": classify normalises each channel as the logits' input was");
        }
        try (var session = OrtEnvironment.getEnvironment().createSession(dir.resolve(SubnetExporter.ONNX_FP32).toString())) {
            assertEquals("[0.485,0.456,0.406]", session.getMetadata().getCustomMetadata().get("sparknas.input.mean"));
        }
    }

    @Test
    void aDamagedOnnxFileIsRefused() throws IOException {
        export();
        Path file = dir.resolve(SubnetExporter.ONNX_INT8);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 1;
        Files.write(file, bytes);
        try (ExportedSubnet exported = ExportedSubnet.load(dir)) {
            ConfigException e = assertThrows(ConfigException.class, () -> exported.onnxModel("int8"));
            assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("checksum mismatch"), e.getMessage());
            e = assertThrows(ConfigException.class, () -> exported.onnxModel("int4"));
            assertTrue(e.getMessage().contains("no int4 ONNX model") && e.getMessage().contains("fp32"), e.getMessage());
        }
    }

    @Test
    void djlCriteriaLoadsTheOnnxModelsOnTheOnnxRuntimeEngine() throws Exception {
        export();
        float[] expected = djlLogits();
        for (String file : List.of(SubnetExporter.ONNX_FP32, SubnetExporter.ONNX_INT8)) {
            Criteria<NDList, NDList> criteria = Criteria.builder().setTypes(NDList.class, NDList.class)
                    .optModelPath(dir.resolve(file)).optEngine("OnnxRuntime").optTranslator(new NoopTranslator()).build();
            float[] actual;
            try (ZooModel<NDList, NDList> model = criteria.loadModel();
                 Predictor<NDList, NDList> predictor = model.newPredictor()) {
                NDArray batch = model.getNDManager().create(input(), new Shape(N, 1, 28, 28));
                actual = predictor.predict(new NDList(batch)).singletonOrThrow().toFloatArray();
            }
            float[] direct;
            try (OnnxSession session = OnnxSession.open(Files.readAllBytes(dir.resolve(file)), 1)) {
                direct = session.logits(input(), N, 1, 28, 28);
            }
            if (file.equals(SubnetExporter.ONNX_FP32)) {
                assertTrue(maxAbsDiff(expected, actual) < 1e-4f, "fp32 ONNX against DJL: " + maxAbsDiff(expected, actual));
            }
            assertTrue(maxAbsDiff(direct, actual) < 1e-5f, file + " through DJL against ONNX Runtime directly");
        }
    }

    @Test
    void onnxRuntimeAloneLoadsAnExportInAFreshJvm() throws Exception {
        export();
        float[] expected;
        try (OnnxSession session = OnnxSession.open(Files.readAllBytes(dir.resolve(SubnetExporter.ONNX_INT8)), 1)) {
            expected = session.logits(input(), N, 1, 28, 28);
        }
        Path program = dir.resolve("OnnxRuntimeOnly.java");
        try (InputStream in = OnnxExportTest.class.getResourceAsStream("OnnxRuntimeOnly.java")) {
            Files.copy(in, program);
        }
        Path inputFile = dir.resolve("input.bin");
        ByteBuffer buffer = ByteBuffer.allocate(N * 28 * 28 * 4).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(input());
        Files.write(inputFile, buffer.array());
        String ortJar = Path.of(OrtEnvironment.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        List<String> lines = run(List.of(java(), "-cp", ortJar, program.toString(), dir.resolve(SubnetExporter.ONNX_INT8).toString(),
                inputFile.toString(), Integer.toString(N), "1", "28", "28"), 0);
        assertTrue(lines.contains("meta sparknas.architecture=" + arch.key()), String.join("\n", lines));
        assertTrue(lines.contains("meta sparknas.precision=int8"), String.join("\n", lines));
        float[] actual = lines.stream().filter(l -> l.startsWith("logit ")).map(l -> Float.parseFloat(l.substring(6)))
                .collect(() -> new FloatList(), FloatList::add, FloatList::addAll).toArray();
        assertArrayEquals(expected, actual, 1e-6f);
    }

    @Test
    void missingNativesGiveAClearError() throws Exception {
        List<String> lines = run(List.of(java(), "-Donnxruntime.native.path=" + dir.resolve("no-natives-here"), "-cp",
                System.getProperty("java.class.path"), NativeLoadFailure.class.getName()), 2);
        String output = String.join("\n", lines);
        assertTrue(output.contains("error: ONNX Runtime's native library cannot be loaded")
                && output.contains("com.microsoft.onnxruntime:onnxruntime"), output);
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static List<String> run(List<String> command, int expectedExit) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(expectedExit, process.waitFor(), output);
        return List.of(output.split("\n"));
    }

    private static float maxAbsDiff(float[] a, float[] b) {
        assertEquals(a.length, b.length);
        float max = 0f;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    /** Collects parsed floats. */
    private static final class FloatList {
        private final List<Float> values = new ArrayList<>();

        void add(float v) {
            values.add(v);
        }

        void addAll(FloatList other) {
            values.addAll(other.values);
        }

        float[] toArray() {
            float[] array = new float[values.size()];
            for (int i = 0; i < array.length; i++) {
                array[i] = values.get(i);
            }
            return array;
        }
    }
}
