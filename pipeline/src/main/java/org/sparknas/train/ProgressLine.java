package org.sparknas.train;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * The progress line a training run prints every few seconds: phase, epoch and step, a bar of the
 * whole schedule, the recent loss and accuracy, the learning rate, the time spent and the time
 * left. The estimate weighs the steps still to come by their {@link StepCost} and the speed
 * measured in this session (a resumed run does not trust another machine's speed).
 */
final class ProgressLine {

    private static final int BAR = 20;

    private final PrintStream out;
    private final List<Phase> phases;
    private final int stepsPerEpoch;
    private final double[] costPerStep;
    private final double everySeconds;
    private final double totalCost;
    private double sessionCost;
    private double sessionSeconds;
    private double lastPrint = Double.NEGATIVE_INFINITY;

    ProgressLine(PrintStream out, List<Phase> phases, int stepsPerEpoch, double[] costPerStep, double everySeconds) {
        this.out = out;
        this.phases = List.copyOf(phases);
        this.stepsPerEpoch = stepsPerEpoch;
        this.costPerStep = costPerStep.clone();
        this.everySeconds = everySeconds;
        double total = 0;
        for (int p = 0; p < phases.size(); p++) {
            total += costPerStep[p] * phases.get(p).epochs() * stepsPerEpoch;
        }
        this.totalCost = total;
    }

    /**
     * Records a step of phase {@code phase} that took {@code seconds}, and prints a line if one is
     * due ({@code force}: print now, e.g. at the end of an epoch).
     */
    void step(int phase, double seconds, TrainingPosition next, StepStats window, double lr, double trainingSeconds,
              boolean force) {
        sessionCost += costPerStep[phase];
        sessionSeconds += seconds;
        if (!force && trainingSeconds - lastPrint < everySeconds) {
            return;
        }
        lastPrint = trainingSeconds;
        out.println(line(phase, next, window, lr, trainingSeconds));
        out.flush();
    }

    String line(int phase, TrainingPosition next, StepStats window, double lr, double trainingSeconds) {
        Phase p = phases.get(phase);
        // the step just done, in the phase it belonged to
        boolean phaseDone = next.phase() != phase;
        int epoch = phaseDone ? p.epochs() : next.epoch() + (next.step() == 0 ? 0 : 1);
        int step = next.step() == 0 ? stepsPerEpoch : next.step();
        double remaining = remainingCost(next);
        double done = totalCost - remaining;
        int filled = (int) Math.round(BAR * done / totalCost);
        String eta = sessionCost == 0 ? "-" : duration(remaining * sessionSeconds / sessionCost);
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "[%s %d/%d] epoch %d/%d step %d/%d [%s%s] %3.0f%%",
                p.name(), phase + 1, phases.size(), epoch, p.epochs(), step, stepsPerEpoch, "#".repeat(filled),
                "-".repeat(BAR - filled), 100 * done / totalCost));
        line.append(String.format(Locale.ROOT, " | largest loss %.4f acc %.4f", window.largestLoss(), window.largestAccuracy()));
        if (!Double.isNaN(window.subnetLoss())) {
            line.append(String.format(Locale.ROOT, " | subnets loss %.4f acc %.4f", window.subnetLoss(),
                    window.subnetAccuracy()));
        }
        line.append(String.format(Locale.ROOT, " | lr %.5f | %s elapsed | ETA %s", lr, duration(trainingSeconds), eta));
        return line.toString();
    }

    private double remainingCost(TrainingPosition next) {
        if (next.finished(phases)) {
            return 0;
        }
        long left = (long) (phases.get(next.phase()).epochs() - next.epoch()) * stepsPerEpoch - next.step();
        double cost = left * costPerStep[next.phase()];
        for (int p = next.phase() + 1; p < phases.size(); p++) {
            cost += costPerStep[p] * phases.get(p).epochs() * stepsPerEpoch;
        }
        return cost;
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }
}
