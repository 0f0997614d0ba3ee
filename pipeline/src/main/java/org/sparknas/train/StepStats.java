package org.sparknas.train;

/**
 * Training loss and accuracy over a window of steps, for the log and the progress line: the
 * largest network's, and the mean over the other sub-networks trained (each measured on its own
 * forward pass of the batch, with the loss it was trained with).
 */
final class StepStats {

    private int steps;
    private double largestLoss;
    private long largestCorrect;
    private long largestImages;
    private double subnetLoss;
    private long subnetCorrect;
    private long subnetImages;
    private int subnetPasses;

    void largest(double loss, int correct, int images) {
        largestLoss += loss;
        largestCorrect += correct;
        largestImages += images;
    }

    void subnet(double loss, int correct, int images) {
        subnetLoss += loss;
        subnetCorrect += correct;
        subnetImages += images;
        subnetPasses++;
    }

    void endStep() {
        steps++;
    }

    boolean isEmpty() {
        return steps == 0;
    }

    double largestLoss() {
        return steps == 0 ? Double.NaN : largestLoss / steps;
    }

    double largestAccuracy() {
        return largestImages == 0 ? Double.NaN : (double) largestCorrect / largestImages;
    }

    double subnetLoss() {
        return subnetPasses == 0 ? Double.NaN : subnetLoss / subnetPasses;
    }

    double subnetAccuracy() {
        return subnetImages == 0 ? Double.NaN : (double) subnetCorrect / subnetImages;
    }

    void reset() {
        steps = 0;
        largestLoss = 0;
        largestCorrect = 0;
        largestImages = 0;
        subnetLoss = 0;
        subnetCorrect = 0;
        subnetImages = 0;
        subnetPasses = 0;
    }
}
