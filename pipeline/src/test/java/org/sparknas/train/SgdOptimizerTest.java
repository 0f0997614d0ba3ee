package org.sparknas.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.sparknas.data.ImageSet;
import org.sparknas.supernet.ElasticSupernet;
import org.sparknas.supernet.ImageTensors;
import org.sparknas.supernet.InputNormalization;
import org.sparknas.supernet.LayerObserver;
import org.sparknas.supernet.NormMode;

/** SGD with Nesterov momentum and selective weight decay, checked against the update rule computed by hand. */
class SgdOptimizerTest {

    private static final double LR = 0.1;
    private static final double MOMENTUM = 0.9;
    private static final double DECAY = 0.01;

    @Test
    void twoStepsFollowTheNesterovRuleWithDecayOnWeightsOnly() {
        TrainSettings settings = TrainFixtures.settings(Path.of("unused"));
        try (NDManager m = NDManager.newBaseManager()) {
            ElasticSupernet net = new ElasticSupernet(settings.space());
            net.initializeWeights(m, 1);
            SgdOptimizer sgd = new SgdOptimizer(net, new OptimizerSettings(MOMENTUM, true, DECAY));
            assertTrue(sgd.decays("head.classifier.weight"));
            assertTrue(sgd.decays("s1.b1.expand.conv.weight"));
            assertFalse(sgd.decays("s1.b1.expand.bn.gamma"));
            assertFalse(sgd.decays("head.classifier.bias"));
            assertFalse(sgd.decays("s1.b1.depthwise.conv.transform.5to3"));
            assertFalse(sgd.parameterNames().contains("s1.b1.expand.bn.running_mean"), "statistics are not trained");

            String[] names = {"head.classifier.weight", "s2.b1.expand.bn.gamma"};
            double[][] velocity = new double[names.length][];
            for (int step = 0; step < 2; step++) {
                backward(net, m, step);
                float[][] w = new float[names.length][];
                float[][] g = new float[names.length][];
                for (int i = 0; i < names.length; i++) {
                    NDArray p = net.getDirectParameters().get(names[i]).getArray();
                    w[i] = p.toFloatArray();
                    g[i] = p.getGradient().toFloatArray();
                    if (velocity[i] == null) {
                        velocity[i] = new double[w[i].length];
                    }
                }
                sgd.step(LR);
                for (int i = 0; i < names.length; i++) {
                    NDArray p = net.getDirectParameters().get(names[i]).getArray();
                    float[] after = p.toFloatArray();
                    double decay = i == 0 ? DECAY : 0;
                    for (int k = 0; k < after.length; k++) {
                        double grad = g[i][k] + decay * w[i][k];
                        velocity[i][k] = MOMENTUM * velocity[i][k] + grad;
                        double expected = w[i][k] - LR * (grad + MOMENTUM * velocity[i][k]);
                        assertEquals(expected, after[k], 1e-6, names[i] + "[" + k + "] after step " + (step + 1));
                    }
                    assertEquals(0, p.getGradient().abs().sum().getFloat(), "gradients are cleared by the step");
                }
            }
        }
    }

    @Test
    void theMomentumSurvivesAStateRoundTripAndRefusesAnotherNetwork() {
        TrainSettings settings = TrainFixtures.settings(Path.of("unused"));
        try (NDManager m = NDManager.newBaseManager()) {
            ElasticSupernet net = new ElasticSupernet(settings.space());
            net.initializeWeights(m, 1);
            SgdOptimizer sgd = new SgdOptimizer(net, new OptimizerSettings(MOMENTUM, true, DECAY));
            backward(net, m, 0);
            sgd.step(LR);
            byte[] state = sgd.state();
            SgdOptimizer other = new SgdOptimizer(net, new OptimizerSettings(MOMENTUM, true, DECAY));
            other.restore(state);
            assertArrayEquals(state, other.state());
            other.resetMomentum();
            assertFalse(java.util.Arrays.equals(state, other.state()));

            TrainSettings bigger = TrainFixtures.settings(Path.of("unused"), "space.head.channels = 24");
            ElasticSupernet wider = new ElasticSupernet(bigger.space());
            wider.initializeWeights(m, 1);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new SgdOptimizer(wider, new OptimizerSettings(MOMENTUM, true, DECAY)).restore(state));
            assertTrue(e.getMessage().contains("head.conv.weight"), e.getMessage());
        }
    }

    /** One forward and backward of the largest network on a few synthetic images. */
    private static void backward(ElasticSupernet net, NDManager m, int seed) {
        ImageSet images = TrainFixtures.split().training().first(8);
        TrainingLoss loss = new TrainingLoss(new LossSettings(0, 1, 0));
        net.setActive(net.space().largest());
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray input = ImageTensors.batch(m, images, 0, 8, InputNormalization.FASHION_MNIST, 16 - 4 * seed);
            NDArray logits = net.forward(input, net.pass(NormMode.TRAINING, LayerObserver.NONE));
            collector.backward(loss.crossEntropy(logits, loss.hardTargets(m, images.labels(), 10)));
        }
    }
}
