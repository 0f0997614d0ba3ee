package org.sparknas.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparknas.config.ConfigException;
import org.sparknas.data.ImageSet;
import org.sparknas.data.SyntheticImages;
import org.sparknas.space.Activation;
import org.sparknas.space.Architecture;
import org.sparknas.space.OfaHead;
import org.sparknas.space.OfaSpace;
import org.sparknas.strategy.Metrics;
import org.sparknas.supernet.ComputeDevice;
import org.sparknas.supernet.ElasticSupernet;
import org.sparknas.deploy.ExportedSubnet;
import org.sparknas.supernet.ImageTensors;
import org.sparknas.supernet.InputNormalization;
import org.sparknas.deploy.SubnetExporter;

class SupernetEvaluatorTest {

    /** As Surefire configures DJL (pipeline/pom.xml); the child JVM gets the same. */
    private static final int THREADS = 1;

    private static EvaluationFixture fixture;
    private static SupernetEvaluator evaluator;
    private static List<Architecture> architectures;

    @TempDir
    Path dir;

    @BeforeAll
    static void setUp() {
        fixture = new EvaluationFixture();
        evaluator = (SupernetEvaluator) fixture.factory().create(ComputeDevice.CPU, THREADS);
        SplittableRandom random = new SplittableRandom(8);
        architectures = new ArrayList<>(List.of(fixture.space.smallest(), fixture.space.largest()));
        architectures.add(fixture.space.sample(random));
        architectures.add(fixture.space.sample(random));
    }

    @AfterAll
    static void tearDown() {
        evaluator.close();
    }

    @Test
    void metricsAreAccuracyLossAndTheCostModel() {
        Architecture arch = architectures.get(2);
        Map<String, Double> m = evaluator.evaluate(arch, 250);
        assertEquals(evaluator.metrics(), m.keySet());
        assertEquals(fixture.factory().metrics(), m.keySet());
        assertEquals((double) fixture.space.macs(arch), m.get(Metrics.MACS));
        assertEquals((double) fixture.space.params(arch), m.get(Metrics.PARAMS));
        assertTrue(m.get(Metrics.ACCURACY) >= 0 && m.get(Metrics.ACCURACY) <= 1);
        assertTrue(m.get(Metrics.LOSS) > 0 && Double.isFinite(m.get(Metrics.LOSS)));
    }

    @Test
    void accuracyAndLossEqualTheExportedNetworkOnTheFirstFValidationImages() {
        // an independent measurement: the static exported network (re-calibrated the same way),
        // run on the first F validation images, scored here
        Architecture arch = architectures.get(3);
        int fidelity = 230;
        Map<String, Double> m = evaluator.evaluate(arch, fidelity);
        SubnetExporter.export(evaluator.supernet(), arch, new SubnetExporter.Options(fixture.split.calibration(),
                EvaluationFixture.BATCH, InputNormalization.FASHION_MNIST, Map.of()), dir);
        ImageSet validation = fixture.split.validation();
        try (ExportedSubnet exported = ExportedSubnet.load(dir); NDManager scope = exported.model().getNDManager().newSubManager()) {
            NDArray batch = ImageTensors.batch(scope, validation, 0, fidelity, InputNormalization.FASHION_MNIST);
            float[] logits = exported.logits(batch).toFloatArray();
            int correct = 0;
            double loss = 0;
            for (int i = 0; i < fidelity; i++) {
                int best = 0;
                double sum = 0;
                for (int c = 0; c < 10; c++) {
                    best = logits[i * 10 + c] > logits[i * 10 + best] ? c : best;
                }
                for (int c = 0; c < 10; c++) {
                    sum += Math.exp(logits[i * 10 + c]);
                }
                loss += Math.log(sum) - logits[i * 10 + validation.label(i)];
                correct += best == validation.label(i) ? 1 : 0;
            }
            assertEquals((double) correct / fidelity, m.get(Metrics.ACCURACY), 1.5 / fidelity);
            assertEquals(loss / fidelity, m.get(Metrics.LOSS), 1e-4 * Math.max(1, Math.abs(loss / fidelity)));
        }
    }

    @Test
    void theSameArchitectureGivesTheSameNumbersWhateverCameBefore() {
        Map<String, Double> first = evaluator.evaluate(architectures.get(0), 300);
        evaluator.evaluate(architectures.get(1), 300);
        evaluator.evaluate(architectures.get(2), 100);
        assertEquals(first, evaluator.evaluate(architectures.get(0), 300));
    }

    @Test
    void anotherThreadGivesTheSameNumbers() throws Exception {
        Architecture arch = architectures.get(2);
        Map<String, Double> here = evaluator.evaluate(arch, 300);
        Map<String, Double> there = CompletableFuture.supplyAsync(() -> evaluator.evaluate(arch, 300)).get(60, TimeUnit.SECONDS);
        assertEquals(here, there);
    }

    @Test
    void anotherJvmWithTheSameThreadsGivesTheSameNumbers() throws Exception {
        List<String> keys = List.of(architectures.get(1).key(), architectures.get(2).key());
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"), EvaluationChildMain.class.getName(),
                Integer.toString(THREADS), "280"));
        command.addAll(keys);
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> results = new ArrayList<>();
        StringBuilder output = new StringBuilder();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                output.append(line).append('\n');
                if (line.startsWith("RESULT ")) {
                    results.add(line);
                }
            }
        }
        assertTrue(child.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, child.exitValue(), output.toString());
        assertEquals(2, results.size(), output.toString());
        for (int i = 0; i < keys.size(); i++) {
            String expected = "RESULT " + keys.get(i) + " "
                    + EvaluationChildMain.bits(evaluator.evaluate(fixture.space.parse(keys.get(i)), 280));
            assertEquals(expected, results.get(i));
        }
    }

    @Test
    void evaluationsLeaveNoArraysBehind() {
        // first round: fills the per-resolution image cache; later rounds must not add a single array
        // (counted recursively: the supernet's manager holds the cache's manager too)
        architectures.forEach(arch -> evaluator.evaluate(arch, 120));
        ElasticSupernet supernet = evaluator.supernet();
        NDManager manager = supernet.getDirectParameters().values().get(0).getArray().getManager();
        int before = count(manager);
        for (int round = 0; round < 3; round++) {
            architectures.forEach(arch -> evaluator.evaluate(arch, 120));
        }
        assertEquals(before, count(manager), "arrays left behind by evaluations");
    }

    private static int count(NDManager manager) {
        return ((BaseNDManager) manager).getManagedArrays().size();
    }

    @Test
    void aLowerFidelityReCalibratesOnTheFirstFCalibrationImagesAndTheFullOneOnAll() {
        Architecture arch = architectures.get(3);
        ImageSet calibration = fixture.split.calibration();
        assertEquals(200, calibration.count());
        assertEquals(150, evaluator.calibrationImages(150));
        assertEquals(200, evaluator.calibrationImages(200));
        assertEquals(200, evaluator.calibrationImages(300));
        int[] first = java.util.stream.IntStream.range(0, 150).toArray();
        int[] last = java.util.stream.IntStream.range(50, 200).toArray();
        try (SupernetEvaluator firstOnly = evaluatorWith(calibration.subset(first));
             SupernetEvaluator lastOnly = evaluatorWith(calibration.subset(last))) {
            // fidelity 150: exactly what an evaluator holding only the first 150 calibration images measures
            Map<String, Double> low = evaluator.evaluate(arch, 150);
            assertEquals(firstOnly.evaluate(arch, 150), low);
            // and the calibration images matter: 150 others give other statistics, another loss
            assertTrue(!lastOnly.evaluate(arch, 150).get(Metrics.LOSS).equals(low.get(Metrics.LOSS)), low.toString());
            // at or above the calibration set's size every image is used: 150 of them measure otherwise
            Map<String, Double> full = evaluator.evaluate(arch, 250);
            assertTrue(!firstOnly.evaluate(arch, 250).get(Metrics.LOSS).equals(full.get(Metrics.LOSS)), full.toString());
            assertEquals(full, evaluator.evaluate(arch, 250));
        }
    }

    private static SupernetEvaluator evaluatorWith(ImageSet calibration) {
        return (SupernetEvaluator) new SupernetEvaluatorFactory(fixture.space, fixture.weights, "fixture.weights", calibration,
                fixture.split.validation(), EvaluationFixture.BATCH).create(ComputeDevice.CPU, THREADS);
    }

    @Test
    void fidelityMustFitTheValidationSet() {
        assertThrows(IllegalArgumentException.class, () -> evaluator.evaluate(architectures.get(0), 0));
        assertThrows(IllegalArgumentException.class, () -> evaluator.evaluate(architectures.get(0), 301));
    }

    @Test
    void theFactorySurvivesJavaSerialisationAsSparkBroadcastsIt() throws Exception {
        SupernetEvaluatorFactory factory = fixture.factory();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(factory);
        }
        SupernetEvaluatorFactory copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (SupernetEvaluatorFactory) in.readObject();
        }
        assertEquals(factory.supernetChecksum(), copy.supernetChecksum());
        assertTrue(copy.describe().contains("fixture.weights"), copy.describe());
        Architecture arch = architectures.get(3);
        try (Evaluator fresh = copy.create(ComputeDevice.CPU, THREADS)) {
            assertEquals(evaluator.evaluate(arch, 200), fresh.evaluate(arch, 200));
        }
    }

    @Test
    void theFactoryRefusesBadInputOnTheDriver() {
        byte[] damaged = fixture.weights.clone();
        damaged[damaged.length - 5] ^= 1;
        ConfigException e = assertThrows(ConfigException.class, () -> new SupernetEvaluatorFactory(fixture.space, damaged,
                "hdfs://x/supernet.weights", fixture.split.calibration(), fixture.split.validation(), 200));
        assertTrue(e.getMessage().contains("hdfs://x/supernet.weights") && e.getMessage().contains("checksum"), e.getMessage());

        OfaSpace other = new OfaSpace("other", 1, 10, fixture.space.resolutions(), fixture.space.stem(), fixture.space.stages(),
                new OfaHead(96, Activation.HSWISH));
        e = assertThrows(ConfigException.class, () -> new SupernetEvaluatorFactory(other, fixture.weights, "w",
                fixture.split.calibration(), fixture.split.validation(), 200));
        assertTrue(e.getMessage().contains("does not match the configured space 'other'"), e.getMessage());

        ImageSet fiveClasses = new SyntheticImages(50, 0, 28, 5, 1).training();
        e = assertThrows(ConfigException.class, () -> new SupernetEvaluatorFactory(fixture.space, fixture.weights, "w",
                fiveClasses, fixture.split.validation(), 200));
        assertTrue(e.getMessage().contains("the images have 5 classes but space.num-classes = 10"), e.getMessage());

        ImageSet rgb = new ImageSet(new byte[50 * 3 * 28 * 28], new byte[50], 3, 28, 28, 10);
        e = assertThrows(ConfigException.class, () -> new SupernetEvaluatorFactory(fixture.space, fixture.weights, "w",
                fixture.split.calibration(), rgb, 200));
        assertTrue(e.getMessage().contains("the images have 3 channel(s) but space.input-channels = 1"), e.getMessage());
    }
}
