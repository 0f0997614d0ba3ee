import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a user deploying an export runs: ONNX Runtime alone (its jar is the whole classpath), no
 * sparknas, no DJL. Run as a single-file program by OnnxExportTest:
 * {@code java -cp onnxruntime.jar OnnxRuntimeOnly.java MODEL INPUT N C H W}, INPUT holding N*C*H*W
 * little-endian floats. Prints the model's sparknas metadata, then every logit.
 */
public class OnnxRuntimeOnly {
    public static void main(String[] args) throws Exception {
        long[] shape = {Long.parseLong(args[2]), Long.parseLong(args[3]), Long.parseLong(args[4]), Long.parseLong(args[5])};
        FloatBuffer input = ByteBuffer.wrap(Files.readAllBytes(Path.of(args[1]))).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(args[0], new OrtSession.SessionOptions());
             OnnxTensor images = OnnxTensor.createTensor(env, input, shape);
             OrtSession.Result result = session.run(Map.of("images", images))) {
            new TreeMap<>(session.getMetadata().getCustomMetadata()).forEach((k, v) -> System.out.println("meta " + k + "=" + v));
            float[][] logits = (float[][]) result.get("logits").orElseThrow().getValue();
            for (float[] row : logits) {
                for (float v : row) {
                    System.out.println("logit " + v);
                }
            }
        }
    }
}
