package org.sparknas.eval;

/**
 * Accumulates top-1 accuracy and mean cross-entropy from logits, in double and in image order, so
 * that the same logits always give the same numbers. Ties in the arg-max go to the lowest class.
 */
final class ClassificationScore {

    private long count;
    private long correct;
    private double lossSum;

    /**
     * @param logits row-major {@code [rows, classes]}
     * @param labels the label of each row, from {@code labels[offset]}
     */
    void add(float[] logits, int classes, byte[] labels, int offset) {
        int rows = logits.length / classes;
        for (int r = 0; r < rows; r++) {
            int base = r * classes;
            int best = 0;
            float max = logits[base];
            for (int c = 1; c < classes; c++) {
                if (logits[base + c] > max) {
                    max = logits[base + c];
                    best = c;
                }
            }
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                sum += Math.exp((double) logits[base + c] - max);
            }
            int label = Byte.toUnsignedInt(labels[offset + r]);
            lossSum += max + Math.log(sum) - logits[base + label];
            if (best == label) {
                correct++;
            }
            count++;
        }
    }

    long count() {
        return count;
    }

    double accuracy() {
        return (double) correct / count;
    }

    double meanLoss() {
        return lossSum / count;
    }
}
