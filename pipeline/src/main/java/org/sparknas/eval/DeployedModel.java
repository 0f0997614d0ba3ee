package org.sparknas.eval;

import org.sparknas.data.ImageSet;
import org.sparknas.onnx.ActivationRanges;
import org.sparknas.onnx.ImageBatches;
import org.sparknas.onnx.Int8Quantizer;
import org.sparknas.onnx.OnnxGraph;
import org.sparknas.onnx.OnnxSession;
import org.sparknas.onnx.SubnetGraph;
import org.sparknas.space.Precision;
import org.sparknas.supernet.ElasticSupernet;
import org.sparknas.supernet.InputNormalization;
import org.sparknas.supernet.SubnetWeights;

/**
 * The supernet's active sub-network as the ONNX model it deploys as, at the precision its
 * architecture chose: fp32 with BatchNorm folded, or int8 quantized with activation ranges from the
 * calibration images (those BatchNorm was re-calibrated on, so nothing is shipped to the executor
 * beyond the broadcast supernet and images). Built on the executor from the supernet in memory.
 */
record DeployedModel(Precision precision, byte[] bytes) {

    /** Batch of the activation-range pass; every intermediate tensor of a batch is held at once. */
    private static final int RANGE_BATCH = 100;

    /**
     * The active sub-network (BatchNorm statistics already re-calibrated) as its ONNX model; an int8
     * one takes its activation ranges from the first {@code calibrationCount} calibration images, the
     * ones BatchNorm was re-calibrated on.
     */
    static DeployedModel of(ElasticSupernet supernet, ImageSet calibration, int calibrationCount,
                            InputNormalization normalization, int threads) {
        Precision precision = supernet.active().precision();
        OnnxGraph fp32 = SubnetGraph.build(supernet.active(), SubnetWeights.of(supernet), "subnet");
        OnnxGraph graph = switch (precision) {
            case FP32 -> fp32;
            case INT8 -> Int8Quantizer.quantize(fp32, ActivationRanges.measure(fp32,
                    new ImageBatches(calibration, calibrationCount, normalization, RANGE_BATCH), threads));
        };
        return new DeployedModel(precision, graph.toBytes());
    }

    /** Scores the model in ONNX Runtime on the first {@code fidelity} images, in batches of {@code batchSize}. */
    ClassificationScore score(ImageSet images, int fidelity, InputNormalization normalization, int batchSize, int threads) {
        ClassificationScore score = new ClassificationScore();
        try (OnnxSession session = OnnxSession.open(bytes, threads)) {
            new ImageBatches(images, fidelity, normalization, batchSize).forEach(batch -> score.add(
                    session.logits(batch.values(), batch.size(), batch.channels(), batch.height(), batch.width()),
                    images.numClasses(), images.labels(), batch.from()));
        }
        return score;
    }
}
