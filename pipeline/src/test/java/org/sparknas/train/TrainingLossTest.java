package org.sparknas.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

/** The training losses against the formulas computed by hand (in double, outside the engine). */
class TrainingLossTest {

    private static final float[][] STUDENT = {{1f, 2f, 0.5f}, {0f, -1f, 3f}};
    private static final float[][] TEACHER = {{2f, 0f, 1f}, {1f, 1f, 1f}};
    private static final byte[] LABELS = {1, 2};

    @Test
    void hardTargetsAreSmoothedOneHot() {
        try (NDManager m = NDManager.newBaseManager()) {
            TrainingLoss loss = new TrainingLoss(new LossSettings(0.1, 1, 0.5));
            float[] targets = loss.hardTargets(m, LABELS, 3).toFloatArray();
            // (1 - 0.1) * one-hot + 0.1 / 3
            float off = 0.1f / 3;
            assertArrayEquals(new float[] {off, 0.9f + off, off, off, off, 0.9f + off}, targets, 1e-7f);
        }
    }

    @Test
    void crossEntropyOfUniformLogitsIsLogOfTheClassCount() {
        try (NDManager m = NDManager.newBaseManager()) {
            TrainingLoss loss = new TrainingLoss(new LossSettings(0, 1, 0));
            NDArray logits = m.zeros(new Shape(2, 4));
            assertEquals(Math.log(4), loss.crossEntropy(logits, loss.hardTargets(m, new byte[] {0, 3}, 4)).getFloat(), 1e-6);
        }
    }

    @Test
    void studentLossIsWeightedHardCrossEntropyPlusTemperedDistillation() {
        double smoothing = 0.1;
        double t = 2;
        double w = 0.3;
        try (NDManager m = NDManager.newBaseManager()) {
            TrainingLoss loss = new TrainingLoss(new LossSettings(smoothing, t, w));
            NDArray student = m.create(STUDENT);
            NDArray teacher = m.create(TEACHER);
            NDArray targets = loss.hardTargets(m, LABELS, 3);
            TrainingLoss.SoftTargets soft = loss.softTargets(teacher);

            double hard = 0;
            double kl = 0;
            for (int i = 0; i < 2; i++) {
                double[] logP = logSoftmax(STUDENT[i], 1);
                for (int c = 0; c < 3; c++) {
                    double q = (c == LABELS[i] ? 1 - smoothing : 0) + smoothing / 3;
                    hard -= q * logP[c];
                }
                double[] logPt = logSoftmax(TEACHER[i], t);
                double[] logPs = logSoftmax(STUDENT[i], t);
                for (int c = 0; c < 3; c++) {
                    kl += Math.exp(logPt[c]) * (logPt[c] - logPs[c]);
                }
            }
            hard /= 2;
            kl /= 2;
            assertEquals(hard, loss.crossEntropy(student, targets).getFloat(), 1e-5);
            assertEquals(t * t * kl, loss.distillation(student, soft).getFloat(), 1e-5);
            assertEquals((1 - w) * hard + w * t * t * kl, loss.student(student, targets, soft).getFloat(), 1e-5);
            // the soft targets are the teacher's tempered probabilities
            double[] expected = logSoftmax(TEACHER[0], t);
            assertEquals(Math.exp(expected[0]), soft.probabilities().getFloat(0, 0), 1e-6);
        }
    }

    @Test
    void distillationVanishesWhenTheStudentMatchesTheTeacher() {
        try (NDManager m = NDManager.newBaseManager()) {
            TrainingLoss loss = new TrainingLoss(new LossSettings(0, 3, 1));
            NDArray teacher = m.create(TEACHER);
            assertEquals(0, loss.distillation(teacher, loss.softTargets(teacher)).getFloat(), 1e-6);
        }
    }

    @Test
    void theTeacherGetsNoGradientFromTheStudentsLoss() {
        try (NDManager m = NDManager.newBaseManager()) {
            TrainingLoss loss = new TrainingLoss(new LossSettings(0, 2, 1));
            NDArray teacher = m.create(TEACHER);
            NDArray student = m.create(STUDENT);
            teacher.setRequiresGradient(true);
            student.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray scaled = teacher.mul(1f); // part of the teacher's graph
                collector.backward(loss.distillation(student, loss.softTargets(scaled)));
            }
            assertEquals(0, teacher.getGradient().abs().sum().getFloat(), 0);
            assertTrue(student.getGradient().abs().sum().getFloat() > 0);
        }
    }

    private static double[] logSoftmax(float[] logits, double temperature) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : logits) {
            max = Math.max(max, v / temperature);
        }
        double sum = 0;
        for (float v : logits) {
            sum += Math.exp(v / temperature - max);
        }
        double[] out = new double[logits.length];
        for (int i = 0; i < logits.length; i++) {
            out[i] = logits[i] / temperature - max - Math.log(sum);
        }
        return out;
    }
}
