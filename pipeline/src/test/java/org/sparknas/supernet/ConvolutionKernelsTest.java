package org.sparknas.supernet;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.sparknas.space.OfaSpace;
import org.sparknas.space.OfaStage;
import org.sparknas.space.SearchSpaces;

/**
 * Every convolution the default space's sub-networks run, in the memory layout the supernet runs
 * them (NCHW), at the evaluation's and the training's batch sizes, computes what a float64
 * reference computes, on the CPU the tests run on. The engine picks its kernels by CPU and shape,
 * and one of them was wrong: in channels-last memory the 24-to-72-channel 1x1 convolution was off
 * by up to 3.8 on AVX-512 CPUs (see {@link ElasticSupernet#forward}), which changed the bundled
 * supernet's measured accuracy with the CPU.
 */
class ConvolutionKernelsTest {

    /** A convolution as the supernet runs it: input channels, output channels, kernel, stride, input size, groups. */
    record Conv(int in, int out, int kernel, int stride, int size, int groups) {
    }

    @Test
    void everyConvolutionOfTheDefaultSpaceMatchesAFloat64Reference() {
        OfaSpace space = (OfaSpace) SearchSpaces.load(Path.of("../conf/spaces/ofa-fmnist.conf"));
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        try (NDManager manager = NDManager.newBaseManager()) {
            manager.getEngine().setRandomSeed(7);
            for (Conv c : convolutions(space)) {
                for (int batch : new int[] {128, 200}) {
                    try (NDManager scope = manager.newSubManager()) {
                        double error = error(scope, c, batch);
                        checked++;
                        if (error > 1e-3) {
                            wrong.add(String.format(Locale.ROOT, "%s at batch %d: off by %.3g", c, batch, error));
                        }
                    }
                }
            }
        }
        assertTrue(wrong.isEmpty(), wrong.size() + " of " + checked + " convolutions compute wrong values on this CPU (a"
                + " kernel bug of the engine; ElasticSupernet#forward says how one was avoided): " + wrong);
    }

    /** Largest absolute difference between the float32 convolution and the float64 one, on unit-variance data. */
    private static double error(NDManager manager, Conv c, int batch) {
        NDArray x = manager.randomNormal(new Shape(batch, c.in(), c.size(), c.size()));
        int fanIn = c.in() / c.groups() * c.kernel() * c.kernel();
        NDArray w = manager.randomNormal(new Shape(c.out(), c.in() / c.groups(), c.kernel(), c.kernel()))
                .div(Math.sqrt(fanIn));
        Shape stride = new Shape(c.stride(), c.stride());
        Shape pad = new Shape(c.kernel() / 2, c.kernel() / 2);
        Shape dilation = new Shape(1, 1);
        NDArray reference = Conv2d.conv2d(x.toType(DataType.FLOAT64, true), w.toType(DataType.FLOAT64, true), null,
                stride, pad, dilation, c.groups()).singletonOrThrow();
        NDArray computed = Conv2d.conv2d(x, w, null, stride, pad, dilation, c.groups()).singletonOrThrow();
        return computed.toType(DataType.FLOAT64, true).sub(reference).abs().max().getDouble();
    }

    /** The stem, every block's expand, depthwise (every kernel) and project convolution at every width and resolution, and the head's. */
    static Set<Conv> convolutions(OfaSpace space) {
        Set<Conv> convs = new LinkedHashSet<>();
        for (int resolution : space.resolutions()) {
            convs.add(new Conv(space.inputChannels(), space.stem().channels(), space.stem().kernel(), space.stem().stride(),
                    resolution, 1));
            int size = OfaSpace.outputSize(resolution, space.stem().stride());
            int in = space.stem().channels();
            for (OfaStage stage : space.stages()) {
                for (int block = 0; block < 2; block++) {
                    int blockIn = block == 0 ? in : stage.channels();
                    int stride = block == 0 ? stage.stride() : 1;
                    int out = OfaSpace.outputSize(size, stride);
                    for (int ratio : stage.expandRatios()) {
                        int mid = blockIn * ratio;
                        convs.add(new Conv(blockIn, mid, 1, 1, size, 1));
                        for (int kernel : stage.kernels()) {
                            convs.add(new Conv(mid, mid, kernel, stride, size, mid));
                        }
                        convs.add(new Conv(mid, stage.channels(), 1, 1, out, 1));
                    }
                    size = out;
                }
                in = stage.channels();
            }
            convs.add(new Conv(in, space.head().channels(), 1, 1, size, 1));
        }
        return convs;
    }
}
