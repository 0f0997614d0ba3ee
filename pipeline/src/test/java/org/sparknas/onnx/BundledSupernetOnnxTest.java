package org.sparknas.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sparknas.data.DataSplit;
import org.sparknas.data.FashionMnist;
import org.sparknas.data.ImageSet;
import org.sparknas.eval.SupernetEvaluator;
import org.sparknas.space.Architecture;
import org.sparknas.space.OfaSpace;
import org.sparknas.space.SearchSpaces;
import org.sparknas.supernet.ElasticSupernet;
import org.sparknas.supernet.ImageTensors;
import org.sparknas.supernet.InputNormalization;
import org.sparknas.supernet.LayerObserver;
import org.sparknas.supernet.NoGrad;
import org.sparknas.supernet.NormMode;
import org.sparknas.supernet.SubnetWeights;
import org.sparknas.supernet.SupernetWeights;
import org.sparknas.train.FinalEvaluation;

/**
 * The bundled supernet's sub-networks as ONNX graphs in ONNX Runtime, against the search's own
 * evaluator on Fashion-MNIST's held-out split: 20 random sub-networks plus the largest and the
 * smallest give the same logits (max abs difference below 1e-4) and the same accuracy as the
 * evaluator's trial; int8 quantization of the smallest, median and largest costs at most one point.
 */
class BundledSupernetOnnxTest {

    /** Validation images per evaluation, and calibration images: fewer than a search's, to keep CI short. */
    private static final int FIDELITY = 500;
    private static final int CALIBRATION = 500;
    /**
     * Held-out images for the int8 drop (one point is 20 images): the default search's fidelity, at which
     * BatchNorm is re-calibrated on every calibration image, as the exported model is.
     */
    private static final int INT8_FIDELITY = 2000;
    private static final int COMPARED = 100;

    private static NDManager manager;
    private static OfaSpace space;
    private static ElasticSupernet supernet;
    private static DataSplit split;
    private static InputNormalization normalization;
    private static SupernetEvaluator evaluator;

    @BeforeAll
    static void setUp() {
        space = (OfaSpace) SearchSpaces.load(Path.of("../conf/spaces/ofa-fmnist.conf"));
        SupernetWeights weights = SupernetWeights.read(Path.of("../supernet/ofa-fmnist.weights")).requireSpace(space);
        split = FinalEvaluation.split(weights, FashionMnist.locate(Path.of("../data/fashion-mnist")));
        normalization = weights.manifest().normalization();
        manager = NDManager.newBaseManager();
        supernet = weights.instantiate(manager);
        evaluator = SupernetEvaluator.over(supernet, split.calibration().first(CALIBRATION), split.validation(), normalization,
                SupernetEvaluator.DEFAULT_BATCH_SIZE);
    }

    @AfterAll
    static void tearDown() {
        evaluator.close();
        manager.close();
    }

    @Test
    @SuppressWarnings("try") // resources held open for their scope (grad mode)
    void onnxRuntimeComputesWhatTheEvaluatorComputes() {
        List<Architecture> architectures = new ArrayList<>(List.of(space.largest(), space.smallest()));
        SplittableRandom random = new SplittableRandom(19);
        while (architectures.size() < 22) {
            architectures.add(space.sample(random));
        }
        ImageSet validation = split.validation();
        float worst = 0f;
        for (Architecture arch : architectures) {
            double trialAccuracy = evaluator.evaluate(arch, FIDELITY).get("accuracy");
            float[] expected;
            try (NDManager scope = manager.newSubManager(); NoGrad ignored = NoGrad.enter()) {
                NDArray batch = ImageTensors.batch(scope, validation, 0, COMPARED, normalization);
                expected = supernet.forward(batch, supernet.pass(NormMode.INFERENCE, LayerObserver.NONE)).toFloatArray();
            }
            OnnxGraph graph = SubnetGraph.build(supernet.active(), SubnetWeights.of(supernet), "subnet");
            try (OnnxSession session = OnnxSession.open(graph.toBytes(), 1)) {
                float[] actual = session.logits(normalization.apply(validation, 0, COMPARED), COMPARED,
                        validation.channels(), validation.height(), validation.width());
                float diff = maxAbsDiff(expected, actual);
                worst = Math.max(worst, diff);
                assertTrue(diff < 1e-4f, arch.key() + ": logits differ by " + diff);
                assertEquals(trialAccuracy, accuracy(session, validation, FIDELITY), 0.0, arch.key());
            }
        }
        System.out.println("ONNX Runtime against DJL over " + architectures.size() + " sub-networks: max abs logit difference "
                + worst);
    }

    @Test
    void int8CostsAtMostOnePointOfAccuracy() {
        Map<String, String> drops = new LinkedHashMap<>();
        for (Map.Entry<String, Architecture> subject : FinalEvaluation.subjects(space).entrySet()) {
            double fp32Accuracy;
            // BatchNorm re-calibrated on every calibration image, as a search at its default fidelity does
            try (SupernetEvaluator full = SupernetEvaluator.over(supernet, split.calibration(), split.validation(),
                    normalization, SupernetEvaluator.DEFAULT_BATCH_SIZE)) {
                fp32Accuracy = full.evaluate(subject.getValue(), INT8_FIDELITY).get("accuracy");
            }
            OnnxGraph fp32 = SubnetGraph.build(supernet.active(), SubnetWeights.of(supernet), "subnet");
            // ranges as the product takes them: on every calibration image of the split
            ActivationRanges ranges = ActivationRanges.measure(fp32, new ImageBatches(split.calibration(),
                    split.calibration().count(), normalization, 100), 2);
            OnnxGraph int8 = Int8Quantizer.quantize(fp32, ranges);
            double int8Accuracy;
            try (OnnxSession session = OnnxSession.open(int8.toBytes(), 1)) {
                int8Accuracy = accuracy(session, split.validation(), INT8_FIDELITY);
            }
            drops.put(subject.getKey(), String.format("%.4f -> %.4f", fp32Accuracy, int8Accuracy));
            assertTrue(fp32Accuracy - int8Accuracy <= 0.01, subject.getKey() + ": " + drops.get(subject.getKey()));
            assertTrue(int8.weightBytes() * 2 < fp32.weightBytes(), "int8 weights " + int8.weightBytes() + " bytes, fp32 "
                    + fp32.weightBytes());
        }
        System.out.println("int8 accuracy on " + INT8_FIDELITY + " held-out images: " + drops);
    }

    /** Top-1 accuracy of a session on the first {@code count} images, as the evaluator counts it. */
    static double accuracy(OnnxSession session, ImageSet images, int count) {
        int[] correct = {0};
        int classes = images.numClasses();
        new ImageBatches(images, count, normalization, SupernetEvaluator.DEFAULT_BATCH_SIZE).forEach(b -> {
            float[] logits = session.logits(b.values(), b.size(), b.channels(), b.height(), b.width());
            for (int i = 0; i < b.size(); i++) {
                int best = 0;
                for (int c = 1; c < classes; c++) {
                    if (logits[i * classes + c] > logits[i * classes + best]) {
                        best = c;
                    }
                }
                if (best == images.label(b.from() + i)) {
                    correct[0]++;
                }
            }
        });
        return correct[0] / (double) count;
    }

    static float maxAbsDiff(float[] a, float[] b) {
        assertEquals(a.length, b.length);
        float max = 0f;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
