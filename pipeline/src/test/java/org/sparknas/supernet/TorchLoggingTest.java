package org.sparknas.supernet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * TORCH_CPP_LOG_LEVEL=ERROR silences libtorch's per-convolution NNPACK warning once the engine is
 * loaded through {@link TorchLogging}. Checked in child JVMs (the variable is read from the
 * environment), against a control without the variable on the same CPU.
 */
class TorchLoggingTest {

    private static final String WARNING = "Could not initialize NNPACK";
    private static final int CONVOLUTIONS = 3;

    /** The child: three convolutions, one line each on stdout. */
    public static void main(String[] args) {
        try (NoGrad ignored = NoGrad.enter(); NDManager manager = TorchLogging.pytorch().newBaseManager()) {
            NDArray x = manager.ones(new Shape(1, 3, 8, 8));
            NDArray w = manager.ones(new Shape(2, 3, 3, 3));
            for (int i = 0; i < CONVOLUTIONS; i++) {
                NDArray y = Conv2d.conv2d(x, w, null, new Shape(1, 1), new Shape(1, 1), new Shape(1, 1), 1).singletonOrThrow();
                System.out.println("conv " + y.getShape() + " " + y.getFloat(0, 0, 4, 4));
            }
        }
    }

    private static String child(String level) throws Exception {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true", "-cp", cp, TorchLoggingTest.class.getName()).redirectErrorStream(true);
        pb.environment().remove(TorchLogging.LEVEL_VARIABLE);
        if (level != null) {
            pb.environment().put(TorchLogging.LEVEL_VARIABLE, level);
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), out);
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    private static long count(String text, String what) {
        return text.lines().filter(l -> l.contains(what)).count();
    }

    @Test
    void errorLevelSilencesTheNnpackWarningThatTheDefaultLevelPrints() throws Exception {
        String control = child(null);
        assertEquals(CONVOLUTIONS, count(control, "conv (1, 2, 8, 8) 27.0"), control);
        assumeTrue(count(control, WARNING) > 0, "this CPU supports NNPACK: libtorch prints no warning to silence");
        String silenced = child("ERROR");
        assertEquals(List.of(), silenced.lines().filter(l -> l.contains(WARNING)).toList(), silenced);
        assertEquals(CONVOLUTIONS, count(silenced, "conv (1, 2, 8, 8) 27.0"), silenced);
    }
}
