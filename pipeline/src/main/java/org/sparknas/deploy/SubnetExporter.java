package org.sparknas.deploy;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sparknas.data.ImageSet;
import org.sparknas.files.AtomicReplace;
import org.sparknas.space.Architecture;
import org.sparknas.space.Fingerprints;
import org.sparknas.space.SubnetShape;
import org.sparknas.supernet.BatchNormCalibrator;
import org.sparknas.supernet.ElasticSupernet;
import org.sparknas.supernet.ImageTensors;
import org.sparknas.supernet.InputNormalization;
import org.sparknas.supernet.ModelCost;
import org.sparknas.supernet.NoGrad;
import org.sparknas.supernet.NormalizationCodec;
import org.sparknas.supernet.SpaceCodec;
import org.sparknas.supernet.StaticSubnet;

/**
 * Exports one sub-network of a supernet as a standalone DJL model: a {@link StaticSubnet} holding
 * only that architecture's weights (slices copied, kernels transformed), its BatchNorm statistics
 * re-calibrated as in evaluation, saved with DJL's {@code Model.save} as {@code subnet-0000.params},
 * the same network as ONNX, fp32 ({@code subnet.onnx}) and int8 ({@code subnet-int8.onnx}, see
 * {@link OnnxFiles}), and a manifest {@code subnet.json} (space, architecture, input normalisation,
 * costs, calibration, SHA-256 of every file, provenance). {@link ExportedSubnet#load} reads the DJL
 * model back; ONNX Runtime, or DJL's ONNX Runtime engine, loads the ONNX files on their own.
 */
public final class SubnetExporter {

    public static final String MODEL_NAME = "subnet";
    public static final String MANIFEST = "subnet.json";
    public static final String ONNX_FP32 = OnnxFiles.FP32_FILE;
    public static final String ONNX_INT8 = OnnxFiles.INT8_FILE;
    public static final String FORMAT = "sparknas-subnet";
    /** 2 added the ONNX files; {@link ExportedSubnet} still reads version 1 exports (without them). */
    public static final int VERSION = 2;

    /**
     * @param calibration images to re-calibrate BatchNorm on (the evaluation's calibration set), in
     *                    batches of {@code batchSize}
     * @param provenance  free-form facts stored in the manifest (supernet checksum, search run, ...)
     */
    public record Options(ImageSet calibration, int batchSize, InputNormalization normalization,
                          Map<String, String> provenance) {
        public Options {
            if (batchSize <= 0) {
                throw new IllegalArgumentException("calibration batch size must be positive, got " + batchSize);
            }
            provenance = Map.copyOf(provenance);
            if (normalization.channels() != calibration.channels()) {
                throw new IllegalArgumentException("the input normalisation has " + normalization.channels()
                        + " channel(s) but the calibration images " + calibration + " have " + calibration.channels());
            }
        }
    }

    private SubnetExporter() {
    }

    /** Writes {@code architecture} of {@code supernet} into {@code directory} (created if needed). */
    @SuppressWarnings("try") // resources held open for their scope (grad mode, NDScope)
    public static void export(ElasticSupernet supernet, Architecture architecture, Options options, Path directory) {
        supernet.setActive(architecture);
        SubnetShape shape = supernet.active();
        NDManager supernetManager = supernet.getDirectParameters().values().get(0).getArray().getManager();
        try (NDManager manager = supernetManager.newSubManager()) {
            recalibrate(supernet, options, manager);
            StaticSubnet network = StaticSubnet.build(shape);
            network.initialize(manager);
            try (NDScope scope = new NDScope(); NoGrad ignored = NoGrad.enter()) {
                scope.suppressNotUsedWarning();
                network.copyWeights(supernet.activeWeights());
            }
            ModelCost cost = ModelCost.of(network.block(), network.inputShape(1));
            Files.createDirectories(directory);
            try (Model model = Model.newInstance(MODEL_NAME, manager.getDevice(), "PyTorch")) {
                model.setBlock(network.block());
                model.save(directory, MODEL_NAME);
            }
            Path params = directory.resolve(MODEL_NAME + "-0000.params");
            Map<String, Object> onnx = OnnxFiles.write(supernet, options, facts(supernet, architecture, options, cost), directory);
            String manifest = manifest(supernet, architecture, options, cost, params.getFileName().toString(),
                    Fingerprints.sha256(Files.readAllBytes(params)), onnx);
            // last, and by one rename: a directory without its manifest is no export, so a half-written one never loads
            AtomicReplace.replaceLocal(directory.resolve(MANIFEST), manifest.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot export " + architecture.key() + " to " + directory + ": " + e, e);
        }
    }

    private static void recalibrate(ElasticSupernet supernet, Options options, NDManager manager) {
        ImageSet images = options.calibration();
        int resolution = supernet.active().resolution();
        List<NDArray> batches = new ArrayList<>();
        for (int from = 0; from < images.count(); from += options.batchSize()) {
            int count = Math.min(options.batchSize(), images.count() - from);
            batches.add(ImageTensors.batch(manager, images, from, count, options.normalization(), resolution));
        }
        BatchNormCalibrator.recalibrate(supernet, batches);
        batches.forEach(NDArray::close);
    }

    /** What each ONNX file says of itself in its metadata: the manifest's facts, without the file checksums. */
    private static Map<String, String> facts(ElasticSupernet supernet, Architecture architecture, Options options,
                                             ModelCost cost) {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("format", FORMAT);
        facts.put("space", supernet.space().name());
        facts.put("space-fingerprint", supernet.space().fingerprint());
        facts.put("space-definition", ConfigValueFactory.fromMap(SpaceCodec.toConfig(supernet.space()).root().unwrapped())
                .render(ConfigRenderOptions.concise().setJson(true)));
        facts.put("architecture", architecture.key());
        facts.put("measured-precision", supernet.active().precision().configName());
        facts.put("input.mean", NormalizationCodec.text(options.normalization().meanAsDecimals()));
        facts.put("input.std", NormalizationCodec.text(options.normalization().stdAsDecimals()));
        facts.put("macs", Long.toString(cost.macs()));
        facts.put("params", Long.toString(cost.params()));
        new java.util.TreeMap<>(options.provenance()).forEach(facts::put);
        return facts;
    }

    private static String manifest(ElasticSupernet supernet, Architecture architecture, Options options, ModelCost cost,
                                   String parameterFile, String sha256, Map<String, Object> onnx) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        root.put("space", SpaceCodec.toConfig(supernet.space()).root().unwrapped());
        root.put("space-fingerprint", supernet.space().fingerprint());
        root.put("architecture", architecture.key());
        // the precision the trial was measured at (the architecture's); both ONNX precisions are written
        root.put("precision", supernet.active().precision().configName());
        Map<String, Object> input = new LinkedHashMap<>(NormalizationCodec.toMap(options.normalization()));
        input.put("channels", supernet.space().inputChannels());
        input.put("resolution", supernet.active().resolution());
        root.put("input", input);
        root.put("macs", cost.macs());
        root.put("params", cost.params());
        root.put("calibration", Map.of("images", options.calibration().count(), "batch-size", options.batchSize()));
        root.put("parameter-file", parameterFile);
        root.put("parameter-sha256", sha256);
        root.put("provenance", options.provenance());
        root.put("onnx", onnx);
        return ConfigValueFactory.fromMap(root).render(ConfigRenderOptions.concise().setFormatted(true).setJson(true));
    }
}
