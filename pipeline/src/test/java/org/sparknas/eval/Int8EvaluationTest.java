package org.sparknas.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparknas.data.DataSplit;
import org.sparknas.data.FashionMnist;
import org.sparknas.deploy.SubnetExporter;
import org.sparknas.onnx.ImageBatches;
import org.sparknas.onnx.OnnxSession;
import org.sparknas.space.Architecture;
import org.sparknas.space.OfaSpace;
import org.sparknas.space.Precision;
import org.sparknas.space.SearchSpaces;
import org.sparknas.strategy.Metrics;
import org.sparknas.supernet.ElasticSupernet;
import org.sparknas.supernet.InputNormalization;
import org.sparknas.supernet.SupernetWeights;

/**
 * An int8 architecture of the bundled supernet (space ofa-fmnist-int8) is measured as deployed: the
 * evaluator's accuracy is ONNX Runtime's on the int8 model that {@code specialize --export} writes,
 * within a point of the fp32 twin's, and its model is less than half the fp32 twin's bytes.
 */
class Int8EvaluationTest {

    /** The default search's fidelity: BatchNorm and the int8 ranges use every calibration image, as an export does. */
    private static final int FIDELITY = 2000;

    @TempDir
    Path dir;

    @Test
    void anInt8ArchitectureIsMeasuredAsItsExportedInt8Model() throws Exception {
        OfaSpace space = (OfaSpace) SearchSpaces.load(Path.of("../conf/spaces/ofa-fmnist-int8.conf"));
        SupernetWeights weights = SupernetWeights.read(Path.of("../supernet/ofa-fmnist.weights")).requireSpace(space);
        DataSplit split = org.sparknas.train.FinalEvaluation.split(weights, FashionMnist.locate(Path.of("../data/fashion-mnist")));
        InputNormalization normalization = weights.manifest().normalization();
        String median = org.sparknas.train.FinalEvaluation.subjects(space).get("median").key();
        String network = median.substring(0, median.lastIndexOf(':'));
        Architecture fp32 = space.parse(network + ":fp32");
        Architecture int8 = space.parse(network + ":int8");
        try (NDManager manager = NDManager.newBaseManager()) {
            ElasticSupernet supernet = weights.instantiate(manager, space);
            Map<String, Double> full;
            Map<String, Double> quantized;
            try (SupernetEvaluator evaluator = SupernetEvaluator.over(supernet, split.calibration(), split.validation(),
                    normalization, SupernetEvaluator.DEFAULT_BATCH_SIZE)) {
                full = evaluator.evaluate(fp32, FIDELITY);
                quantized = evaluator.evaluate(int8, FIDELITY);
            }
            assertEquals(Precision.INT8, space.shape(int8).precision());
            assertEquals(full.get(Metrics.MACS), quantized.get(Metrics.MACS));
            assertTrue(Math.abs(full.get(Metrics.ACCURACY) - quantized.get(Metrics.ACCURACY)) <= 0.01, full + " / " + quantized);
            assertTrue(quantized.get(Metrics.LOSS) > 0 && Double.isFinite(quantized.get(Metrics.LOSS)));
            assertTrue(quantized.get(Metrics.MODEL_BYTES) * 2 < full.get(Metrics.MODEL_BYTES), full + " / " + quantized);

            SubnetExporter.export(supernet, int8, new SubnetExporter.Options(split.calibration(),
                    SupernetEvaluator.DEFAULT_BATCH_SIZE, normalization, Map.of()), dir);
            Config manifest = ConfigFactory.parseFile(dir.resolve(SubnetExporter.MANIFEST).toFile());
            assertEquals("int8", manifest.getString("precision"));
            ClassificationScore exported;
            try (OnnxSession session = OnnxSession.open(Files.readAllBytes(dir.resolve(SubnetExporter.ONNX_INT8)), 1)) {
                exported = new ClassificationScore();
                new ImageBatches(split.validation(), FIDELITY, normalization, 200).forEach(b -> exported.add(
                        session.logits(b.values(), b.size(), b.channels(), b.height(), b.width()), 10,
                        split.validation().labels(), b.from()));
            }
            assertEquals(quantized.get(Metrics.ACCURACY), exported.accuracy(), 0.0);
            // the file adds the export's metadata (facts about the space and the trial) to what the evaluator measured
            long fileBytes = manifest.getLong("onnx.int8.bytes");
            assertTrue(fileBytes > quantized.get(Metrics.MODEL_BYTES) && fileBytes < quantized.get(Metrics.MODEL_BYTES) + 8192,
                    fileBytes + " bytes in the file, " + quantized.get(Metrics.MODEL_BYTES) + " measured");
        }
    }
}
