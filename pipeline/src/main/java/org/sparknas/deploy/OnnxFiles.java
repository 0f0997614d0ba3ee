package org.sparknas.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.sparknas.files.AtomicReplace;
import org.sparknas.onnx.ActivationRanges;
import org.sparknas.onnx.ImageBatches;
import org.sparknas.onnx.Int8Quantizer;
import org.sparknas.onnx.OnnxGraph;
import org.sparknas.onnx.SubnetGraph;
import org.sparknas.space.Fingerprints;
import org.sparknas.space.SubnetShape;
import org.sparknas.supernet.ElasticSupernet;
import org.sparknas.supernet.SubnetWeights;

/**
 * The ONNX files of an export: {@code subnet.onnx} (fp32, BatchNorm folded) and
 * {@code subnet-int8.onnx} (int8 QDQ, activations calibrated on the export's calibration images),
 * each carrying the export's facts as ONNX metadata ({@code sparknas.*}), so a model file read on
 * its own still says what it is.
 */
final class OnnxFiles {

    static final String FP32_FILE = "subnet.onnx";
    static final String INT8_FILE = "subnet-int8.onnx";
    /** Batches for the activation-range pass; every intermediate tensor of a batch is held at once. */
    private static final int CALIBRATION_BATCH = 100;

    private OnnxFiles() {
    }

    /**
     * Writes both files for the supernet's active sub-network (BatchNorm already re-calibrated);
     * returns the manifest's {@code onnx} section.
     */
    static Map<String, Object> write(ElasticSupernet supernet, SubnetExporter.Options options, Map<String, String> facts,
                                     Path directory) throws IOException {
        SubnetShape shape = supernet.active();
        OnnxGraph fp32 = SubnetGraph.build(shape, SubnetWeights.of(supernet), SubnetExporter.MODEL_NAME);
        ImageBatches calibration = new ImageBatches(options.calibration(), options.calibration().count(),
                options.normalization(), CALIBRATION_BATCH);
        OnnxGraph int8 = Int8Quantizer.quantize(fp32, ActivationRanges.measure(fp32, calibration, threads()));
        Map<String, Object> section = new LinkedHashMap<>();
        section.put("opset", OnnxGraph.OPSET);
        section.put("input", Map.of("name", SubnetGraph.INPUT, "shape", "[batch, " + shape.inputChannels()
                + ", height, width], normalised; resized inside to " + shape.resolution()));
        section.put("output", Map.of("name", SubnetGraph.OUTPUT, "shape", "[batch, " + shape.numClasses() + "]"));
        section.put("fp32", file(fp32, "fp32", facts, directory.resolve(FP32_FILE)));
        Map<String, Object> int8Entry = file(int8, "int8", facts, directory.resolve(INT8_FILE));
        int8Entry.put("calibration-images", options.calibration().count());
        section.put("int8", int8Entry);
        return section;
    }

    private static Map<String, Object> file(OnnxGraph graph, String precision, Map<String, String> facts, Path path)
            throws IOException {
        Map<String, String> metadata = new LinkedHashMap<>();
        facts.forEach((k, v) -> metadata.put("sparknas." + k, v));
        metadata.put("sparknas.precision", precision);
        byte[] bytes = graph.withMetadata(metadata).toBytes();
        AtomicReplace.replaceLocal(path, bytes);
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("file", path.getFileName().toString());
        entry.put("bytes", bytes.length);
        entry.put("sha256", Fingerprints.sha256(bytes));
        return entry;
    }

    private static int threads() {
        return Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    }
}
