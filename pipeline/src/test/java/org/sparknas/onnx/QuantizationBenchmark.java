package org.sparknas.onnx;

import ai.djl.ndarray.NDManager;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.sparknas.data.DataSplit;
import org.sparknas.data.FashionMnist;
import org.sparknas.data.ImageSet;
import org.sparknas.eval.SupernetEvaluator;
import org.sparknas.space.Architecture;
import org.sparknas.space.OfaSpace;
import org.sparknas.space.SearchSpaces;
import org.sparknas.supernet.ElasticSupernet;
import org.sparknas.supernet.InputNormalization;
import org.sparknas.supernet.SubnetWeights;
import org.sparknas.supernet.SupernetWeights;
import org.sparknas.train.FinalEvaluation;

/**
 * int8 post-training quantization of the bundled supernet's smallest, median and largest
 * sub-networks, measured (bench/onnx-int8.sh): accuracy of DJL, ONNX Runtime fp32 and ONNX Runtime
 * int8 on the held-out split and the official test set; model bytes; which int8 kernels ONNX
 * Runtime runs after its graph optimisation; ONNX Runtime latency fp32 against int8 at batch 1 and
 * 16 with one intra-op thread, the two models taking turns for several rounds (the minimum and the
 * median of each side's repetitions). Prints figures, asserts nothing about time.
 *
 * <p>Arguments: {@code ROUNDS REPS} (defaults 5 and 200 at batch 1, a tenth of that at 16).
 */
public final class QuantizationBenchmark {

    private QuantizationBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        OfaSpace space = (OfaSpace) SearchSpaces.load(Path.of("conf/spaces/ofa-fmnist.conf"));
        SupernetWeights weights = SupernetWeights.read(Path.of("supernet/ofa-fmnist.weights")).requireSpace(space);
        DataSplit split = FinalEvaluation.split(weights, FashionMnist.locate(Path.of("data/fashion-mnist")));
        InputNormalization normalization = weights.manifest().normalization();
        System.out.println("network   images    DJL fp32  ORT fp32  ORT int8  drop (points)  bytes fp32 -> int8");
        Map<String, OnnxGraph[]> models = new LinkedHashMap<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            ElasticSupernet supernet = weights.instantiate(manager);
            for (Map.Entry<String, Architecture> subject : FinalEvaluation.subjects(space).entrySet()) {
                String label = subject.getKey();
                Map<String, double[]> rows = new LinkedHashMap<>();
                for (String which : List.of("held-out", "test")) {
                    ImageSet images = which.equals("test") ? split.test() : split.validation();
                    try (SupernetEvaluator evaluator = SupernetEvaluator.over(supernet, split.calibration(), images,
                            normalization, SupernetEvaluator.DEFAULT_BATCH_SIZE)) {
                        // re-calibrates BatchNorm on the same calibration images each time: the same weights
                        double djl = evaluator.evaluate(subject.getValue(), images.count()).get("accuracy");
                        if (!models.containsKey(label)) {
                            OnnxGraph fp32 = SubnetGraph.build(supernet.active(), SubnetWeights.of(supernet), label);
                            ImageBatches calibration = new ImageBatches(split.calibration(), split.calibration().count(),
                                    normalization, 100);
                            models.put(label, new OnnxGraph[] {fp32,
                                    Int8Quantizer.quantize(fp32, ActivationRanges.measure(fp32, calibration, 2))});
                        }
                        OnnxGraph[] m = models.get(label);
                        rows.put(which, new double[] {djl, accuracy(m[0], images, normalization),
                                accuracy(m[1], images, normalization)});
                    }
                }
                OnnxGraph[] m = models.get(label);
                for (Map.Entry<String, double[]> row : rows.entrySet()) {
                    double[] a = row.getValue();
                    System.out.printf(Locale.ROOT, "%-9s %-9s %.4f    %.4f    %.4f    %+.2f          %,d -> %,d%n", label,
                            row.getKey(), a[0], a[1], a[2], 100 * (a[1] - a[2]), m[0].toBytes().length, m[1].toBytes().length);
                }
            }
        }
        System.out.println();
        for (Map.Entry<String, OnnxGraph[]> model : models.entrySet()) {
            System.out.println(model.getKey() + " int8, ops after ONNX Runtime's optimisation: " + optimizedOps(model.getValue()[1]));
        }
        System.out.println();
        System.out.println("ONNX Runtime latency, 1 intra-op thread, ms per batch (min / median over " + rounds + " rounds)");
        System.out.println("network   batch  fp32 min  fp32 med  int8 min  int8 med  int8/fp32 (median)");
        for (Map.Entry<String, OnnxGraph[]> model : models.entrySet()) {
            for (int batch : new int[] {1, 16}) {
                int n = batch == 1 ? reps : Math.max(5, reps / 10);
                double[][] times = interleaved(model.getValue(), batch, rounds, n);
                double m32 = median(times[0]);
                double m8 = median(times[1]);
                System.out.printf(Locale.ROOT, "%-9s %5d  %8.3f  %8.3f  %8.3f  %8.3f  %.2f%n", model.getKey(), batch,
                        Arrays.stream(times[0]).min().orElseThrow(), m32, Arrays.stream(times[1]).min().orElseThrow(), m8,
                        m8 / m32);
            }
        }
    }

    static double accuracy(OnnxGraph graph, ImageSet images, InputNormalization normalization) {
        int[] correct = {0};
        int classes = images.numClasses();
        try (OnnxSession session = OnnxSession.open(graph.toBytes(), 2)) {
            new ImageBatches(images, images.count(), normalization, 200).forEach(b -> {
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
        }
        return correct[0] / (double) images.count();
    }

    /** Op types of the model ONNX Runtime runs, with counts (read from the optimised model it writes). */
    static Map<String, Integer> optimizedOps(OnnxGraph graph) throws OrtException, IOException {
        Path file = Files.createTempFile("optimized", ".onnx");
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.setOptimizedModelFilePath(file.toString());
            OrtEnvironment.getEnvironment().createSession(graph.toBytes(), options).close();
            String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            Map<String, Integer> counts = new TreeMap<>();
            for (String op : List.of("QLinearConv", "QLinearAdd", "QLinearMul", "QLinearGlobalAveragePool", "QGemm",
                    "ConvInteger", "QuantizeLinear", "DequantizeLinear", "HardSwish", "HardSigmoid", "FusedConv", "Conv")) {
                int count = 0;
                byte[] needle = (op).getBytes(StandardCharsets.ISO_8859_1);
                for (int i = text.indexOf(op); i >= 0; i = text.indexOf(op, i + 1)) {
                    // an op_type field is length-prefixed: the byte before it is its length
                    if (i > 0 && text.charAt(i - 1) == (char) needle.length) {
                        count++;
                    }
                }
                if (count > 0) {
                    counts.put(op, count);
                }
            }
            return counts;
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Per round, {@code reps} runs of each model in turn; each side's per-batch time (ms) of every round. */
    static double[][] interleaved(OnnxGraph[] graphs, int batch, int rounds, int reps) {
        float[] input = new float[batch * 28 * 28];
        java.util.SplittableRandom random = new java.util.SplittableRandom(1);
        for (int i = 0; i < input.length; i++) {
            input[i] = (float) random.nextGaussian();
        }
        double[][] times = new double[graphs.length][rounds];
        List<OnnxSession> sessions = new ArrayList<>();
        try {
            for (OnnxGraph g : graphs) {
                sessions.add(OnnxSession.open(g.toBytes(), 1));
            }
            for (OnnxSession s : sessions) {
                for (int i = 0; i < Math.max(10, reps / 5); i++) {
                    s.logits(input, batch, 1, 28, 28);
                }
            }
            for (int r = 0; r < rounds; r++) {
                for (int g = 0; g < sessions.size(); g++) {
                    long start = System.nanoTime();
                    for (int i = 0; i < reps; i++) {
                        sessions.get(g).logits(input, batch, 1, 28, 28);
                    }
                    times[g][r] = (System.nanoTime() - start) / 1e6 / reps;
                }
            }
        } finally {
            sessions.forEach(OnnxSession::close);
        }
        return times;
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

}
