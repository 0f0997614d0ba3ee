package org.sparknas.supernet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.sparknas.data.ImageSet;
import org.sparknas.data.SyntheticImages;
import org.sparknas.space.Architecture;
import org.sparknas.space.OfaSpace;

class InputResizeTest {

    /**
     * The anti-aliased bilinear filter (PIL's, and PyTorch's {@code antialias=True}): a triangle of
     * half-width {@code scale} around each output pixel's centre, weights normalised per pixel.
     */
    private static double[][] weights(int in, int out) {
        double scale = (double) in / out;
        double support = Math.max(scale, 1.0);
        double[][] w = new double[out][in];
        for (int i = 0; i < out; i++) {
            double centre = scale * (i + 0.5);
            double total = 0;
            for (int j = 0; j < in; j++) {
                double t = (j + 0.5 - centre) / support;
                w[i][j] = Math.max(0, 1 - Math.abs(t));
                total += w[i][j];
            }
            for (int j = 0; j < in; j++) {
                w[i][j] /= total;
            }
        }
        return w;
    }

    @Test
    void resizingIsAntiAliasedBilinear() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray image = TestSupernets.randomImages(manager, 2, 1, 28, 4);
            float[] pixels = image.toFloatArray();
            for (int size : new int[] {14, 20, 24}) {
                double[][] w = weights(28, size);
                float[] resized = InputResize.to(image, size).toFloatArray();
                for (int n = 0; n < 2; n++) {
                    for (int y = 0; y < size; y++) {
                        for (int x = 0; x < size; x++) {
                            double expected = 0;
                            for (int v = 0; v < 28; v++) {
                                for (int u = 0; u < 28; u++) {
                                    expected += w[y][v] * w[x][u] * pixels[n * 784 + v * 28 + u];
                                }
                            }
                            assertEquals(expected, resized[(n * size + y) * size + x], 1e-5, size + "px at " + y + "," + x);
                        }
                    }
                }
            }
            assertSame(image, InputResize.to(image, 28));
            assertEquals(new Shape(2, 1, 20, 20), InputResize.to(image, 20).getShape());
        }
    }

    @Test
    @SuppressWarnings("try") // resources held open for their scope (grad mode, NDScope)
    void theSupernetResizesAsTheCachedInputIs() {
        // evaluation feeds pre-resized batches; a caller may feed 28x28 ones: same numbers
        OfaSpace space = TestSupernets.defaultSpace();
        ImageSet images = SyntheticImages.fashionLike(8, 0, 2).training();
        try (NDManager manager = NDManager.newBaseManager(); NoGrad ignored = NoGrad.enter()) {
            ElasticSupernet supernet = TestSupernets.randomized(space, manager, 3);
            Architecture arch = space.parse("r20:d2,2,2:k3,5,3,3,7,3,3,3,5,3,3,3:e6,4,3,3,4,3,3,3,3,3,3,3");
            supernet.setActive(arch);
            NDArray raw = ImageTensors.batch(manager, images, 0, 8, InputNormalization.FASHION_MNIST);
            NDArray cached = ImageTensors.batch(manager, images, 0, 8, InputNormalization.FASHION_MNIST, 20);
            ForwardPass pass = supernet.pass(NormMode.INFERENCE, LayerObserver.NONE);
            assertArrayEquals(supernet.forward(cached, pass).toFloatArray(), supernet.forward(raw, pass).toFloatArray());
        }
    }
}
