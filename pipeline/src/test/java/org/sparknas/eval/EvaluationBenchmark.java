package org.sparknas.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueFactory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sparknas.data.DataSplit;
import org.sparknas.data.FashionMnist;
import org.sparknas.data.ImageSource;
import org.sparknas.data.SplitPlan;
import org.sparknas.data.SyntheticImages;
import org.sparknas.space.Architecture;
import org.sparknas.space.BlockShape;
import org.sparknas.space.Dimension;
import org.sparknas.space.OfaSpace;
import org.sparknas.space.SearchSpaces;
import org.sparknas.space.SubnetShape;
import org.sparknas.supernet.ComputeDevice;
import org.sparknas.supernet.ElasticSupernet;
import org.sparknas.supernet.ImageTensors;
import org.sparknas.supernet.InputNormalization;
import org.sparknas.supernet.LayerObserver;
import org.sparknas.supernet.NoGrad;
import org.sparknas.supernet.NormMode;
import org.sparknas.supernet.SupernetWeights;
import org.sparknas.supernet.TrainingInfo;

/**
 * The DJL half of {@code bench/supernet-vs-pytorch.sh} (a benchmark, not a test). For the smallest,
 * the median (middle choice of every dimension) and the largest sub-network of the bundled supernet
 * ({@code supernet/ofa-fmnist.weights}; untrained weights where it is missing) it times, at batch 200:
 * <ul>
 *   <li>{@code forward}: the evaluation's forward pass (supernet, active architecture, inference);</li>
 *   <li>{@code evaluation}: a whole {@link SupernetEvaluator#evaluate} (BN re-calibration on 2,000
 *       images, then 5,000 validation images), per image.</li>
 * </ul>
 * It first writes each sub-network's layers, weights, one input batch and its logits, and the
 * evaluation images, so that the PyTorch side builds the same network, checks that it computes the
 * same logits, and runs the same protocol; then it answers timing commands from standard input
 * ({@code forward NAME REPS}, {@code evaluate NAME REPS}, {@code profile NAME REPS TRACE_FILE},
 * {@code quit}), one line of seconds each,
 * so that the driver ({@code bench/supernet_pytorch_eager.py}) can alternate the two sides.
 *
 * <p>Arguments: output directory, threads.
 */
public final class EvaluationBenchmark {

    private static final int BATCH = 200;

    private EvaluationBenchmark() {
    }

    @SuppressWarnings("try") // resources held open for their scope (grad mode, NDScope)
    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        int threads = Integer.parseInt(args[1]);
        Files.createDirectories(out);
        OfaSpace space = (OfaSpace) SearchSpaces.load(Path.of("conf/spaces/ofa-fmnist.conf"));
        ImageSource source = fashionMnistOrSynthetic();
        DataSplit split = DataSplit.of(source, SplitPlan.DEFAULT);
        byte[] weights = bundledOrUntrained(space);
        SupernetEvaluatorFactory factory = new SupernetEvaluatorFactory(space, weights, "benchmark", split.calibration(),
                split.validation(), BATCH);
        Map<String, Architecture> networks = new LinkedHashMap<>();
        networks.put("smallest", space.smallest());
        networks.put("median", middle(space));
        networks.put("largest", space.largest());
        int fidelity = split.validation().count();

        try (SupernetEvaluator evaluator = (SupernetEvaluator) factory.create(ComputeDevice.CPU, threads);
             BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            ElasticSupernet supernet = evaluator.supernet();
            NDManager manager = supernet.getDirectParameters().values().get(0).getArray().getManager();
            Map<String, NDArray> inputs = new LinkedHashMap<>();
            List<Object> rows = new ArrayList<>();
            for (Map.Entry<String, Architecture> e : networks.entrySet()) {
                Architecture arch = e.getValue();
                SubnetShape shape = space.shape(arch);
                evaluator.evaluate(arch, fidelity); // leaves this architecture's BN statistics calibrated for the export
                try (NoGrad ignored = NoGrad.enter(); NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    NDArray input = ImageTensors.batch(manager, split.validation(), 0, BATCH, InputNormalization.FASHION_MNIST,
                            shape.resolution());
                    NDScope.unregister(input);
                    inputs.put(e.getKey(), input);
                    writeFloats(out.resolve(e.getKey() + ".input.bin"), input.toFloatArray());
                    writeFloats(out.resolve(e.getKey() + ".logits.bin"),
                            supernet.forward(input, supernet.pass(NormMode.INFERENCE, LayerObserver.NONE)).toFloatArray());
                    writeNetwork(out, e.getKey(), arch, shape, supernet);
                    writeImages(out, manager, split, shape.resolution());
                }
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("name", e.getKey());
                row.put("architecture", arch.key());
                row.put("macs", space.macs(arch));
                row.put("evaluation_images", split.calibration().count() + fidelity);
                rows.add(row);
            }
            Map<String, Object> setup = new LinkedHashMap<>();
            setup.put("data", source.name());
            setup.put("engine", "DJL " + ai.djl.engine.Engine.getDjlVersion() + " (libtorch "
                    + ai.djl.engine.Engine.getInstance().getVersion() + ")");
            setup.put("threads", threads);
            setup.put("batch", BATCH);
            setup.put("networks", rows);
            Files.writeString(out.resolve("djl.json"), render(setup), StandardCharsets.UTF_8);
            System.out.println("BENCH ready");
            // commands from the driver, so that the two sides take turns and never compete for the cores
            for (String line = commands.readLine(); line != null && !line.equals("quit"); line = commands.readLine()) {
                String[] words = line.trim().split(" ");
                Architecture arch = networks.get(words[1]);
                int reps = Integer.parseInt(words[2]);
                double[] seconds = switch (words[0]) {
                    case "forward" -> timeForward(evaluator, arch, inputs.get(words[1]), reps);
                    case "evaluate" -> time(reps, () -> evaluator.evaluate(arch, fidelity));
                    case "profile" -> profileForward(evaluator, arch, inputs.get(words[1]), reps, words[3]);
                    default -> throw new IllegalArgumentException("unknown command " + line);
                };
                System.out.println("BENCH " + Arrays.stream(seconds).mapToObj(Double::toString).reduce((a, b) -> a + " " + b).orElse(""));
            }
        }
    }

    /** The evaluation's forward pass: the supernet with the architecture active, inference, logits copied out. */
    @SuppressWarnings("try") // resources held open for their scope (grad mode, NDScope)
    private static double[] timeForward(SupernetEvaluator evaluator, Architecture arch, NDArray input, int reps) {
        ElasticSupernet supernet = evaluator.supernet();
        supernet.setActive(arch);
        try (NoGrad ignored = NoGrad.enter()) {
            var pass = supernet.pass(NormMode.INFERENCE, LayerObserver.NONE);
            return time(reps, () -> {
                try (NDScope s = new NDScope()) {
                    s.suppressNotUsedWarning();
                    supernet.forward(input, pass).toFloatArray();
                }
            });
        }
    }

    /** The bundled supernet (the networks users evaluate); untrained weights only where it is missing. */
    private static byte[] bundledOrUntrained(OfaSpace space) throws IOException {
        Path bundled = Path.of("supernet/ofa-fmnist.weights");
        if (Files.exists(bundled)) {
            System.out.println("weights: " + bundled);
            return Files.readAllBytes(bundled);
        }
        System.out.println(bundled + " not found, timing untrained weights (seed 1)");
        try (NDManager manager = NDManager.newBaseManager()) {
            ElasticSupernet supernet = new ElasticSupernet(space);
            supernet.initializeWeights(manager, 1);
            return SupernetWeights.encode(supernet, InputNormalization.FASHION_MNIST, TrainingInfo.untrained(1));
        }
    }

    /**
     * The forward passes of {@link #timeForward} under libtorch's own profiler (the one PyTorch's
     * {@code torch.autograd.profiler} drives), every op with its time, written as a Chrome trace to
     * {@code file}, so that the driver can compare op by op with PyTorch.
     */
    private static double[] profileForward(SupernetEvaluator evaluator, Architecture arch, NDArray input, int reps,
                                           String file) {
        timeForward(evaluator, arch, input, 1);
        ai.djl.pytorch.jni.JniUtils.startProfile(false, true, false);
        try {
            return timeForward(evaluator, arch, input, reps);
        } finally {
            ai.djl.pytorch.jni.JniUtils.stopProfile(file);
        }
    }

    private static ImageSource fashionMnistOrSynthetic() {
        try {
            return FashionMnist.locate(Path.of("data/fashion-mnist"));
        } catch (org.sparknas.config.ConfigException e) {
            System.out.println("Fashion-MNIST not found, timing on synthetic images of the same size");
            return SyntheticImages.fashionLike(60_000, 0, 1);
        }
    }

    /** The middle choice of every dimension (e.g. r24, depth 3, kernel 5, expand 4). */
    static Architecture middle(OfaSpace space) {
        List<Dimension> dims = space.dimensions();
        int[] genes = new int[dims.size()];
        for (int i = 0; i < genes.length; i++) {
            genes[i] = dims.get(i).choices().get(dims.get(i).size() / 2);
        }
        return space.architecture(genes);
    }

    private static double[] time(int reps, Runnable run) {
        run.run();
        double[] seconds = new double[reps];
        for (int i = 0; i < reps; i++) {
            long t = System.nanoTime();
            run.run();
            seconds[i] = (System.nanoTime() - t) / 1e9;
        }
        return seconds;
    }

    /** The sub-network's layers (as SubnetShape resolves them) and its own weights, for the PyTorch side. */
    private static void writeNetwork(Path out, String name, Architecture arch, SubnetShape shape, ElasticSupernet supernet)
            throws IOException {
        Map<String, Object> net = new LinkedHashMap<>();
        net.put("architecture", arch.key());
        net.put("resolution", shape.resolution());
        net.put("in_channels", shape.inputChannels());
        net.put("classes", shape.numClasses());
        net.put("stem", Map.of("channels", shape.stem().channels(), "kernel", shape.stem().kernel(), "stride",
                shape.stem().stride(), "activation", shape.stem().activation().configName()));
        List<Object> blocks = new ArrayList<>();
        for (BlockShape b : shape.blocks()) {
            Map<String, Object> block = new LinkedHashMap<>();
            block.put("name", "s" + b.stage() + ".b" + b.block());
            block.put("in", b.inChannels());
            block.put("mid", b.midChannels());
            block.put("se", b.seChannels());
            block.put("out", b.outChannels());
            block.put("kernel", b.kernel());
            block.put("stride", b.stride());
            block.put("residual", b.residual());
            block.put("activation", b.activation().configName());
            blocks.add(block);
        }
        net.put("blocks", blocks);
        net.put("head", Map.of("channels", shape.head().channels(), "activation", shape.head().activation().configName()));
        List<Object> tensors = new ArrayList<>();
        List<float[]> data = new ArrayList<>();
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            for (Map.Entry<String, NDArray> w : supernet.activeWeights().entrySet()) {
                tensors.add(Map.of("name", w.getKey(), "shape", Arrays.stream(w.getValue().getShape().getShape()).boxed().toList()));
                data.add(w.getValue().toFloatArray());
            }
        }
        net.put("tensors", tensors);
        Files.writeString(out.resolve(name + ".json"), render(net), StandardCharsets.UTF_8);
        int total = data.stream().mapToInt(a -> a.length).sum();
        float[] all = new float[total];
        int at = 0;
        for (float[] a : data) {
            System.arraycopy(a, 0, all, at, a.length);
            at += a.length;
        }
        writeFloats(out.resolve(name + ".weights.bin"), all);
    }

    /** The evaluation's images at one resolution (as the evaluator caches them) and the validation labels. */
    private static void writeImages(Path out, NDManager manager, DataSplit split, int resolution) throws IOException {
        Path calibration = out.resolve("r" + resolution + ".calibration.bin");
        if (Files.exists(calibration)) {
            return;
        }
        writeFloats(calibration, ImageTensors.batch(manager, split.calibration(), 0, split.calibration().count(),
                InputNormalization.FASHION_MNIST, resolution).toFloatArray());
        writeFloats(out.resolve("r" + resolution + ".validation.bin"), ImageTensors.batch(manager, split.validation(), 0,
                split.validation().count(), InputNormalization.FASHION_MNIST, resolution).toFloatArray());
        Files.write(out.resolve("validation.labels.bin"), split.validation().labels());
    }

    private static void writeFloats(Path file, float[] values) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(values);
        Files.write(file, buffer.array());
    }

    private static String render(Map<String, Object> map) {
        return ConfigValueFactory.fromMap(map).render(ConfigRenderOptions.concise().setFormatted(true).setJson(true));
    }
}
