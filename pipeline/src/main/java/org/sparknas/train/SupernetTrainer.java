package org.sparknas.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.sparknas.data.DataSplit;
import org.sparknas.data.ImageSet;
import org.sparknas.files.WholeFiles;
import org.sparknas.space.Architecture;
import org.sparknas.supernet.ElasticSupernet;
import org.sparknas.supernet.ForwardPass;
import org.sparknas.supernet.ImageTensors;
import org.sparknas.supernet.InputNormalization;
import org.sparknas.supernet.LayerObserver;
import org.sparknas.supernet.NormMode;
import org.sparknas.supernet.SupernetWeights;
import org.sparknas.supernet.TorchLogging;
import org.sparknas.supernet.TrainingInfo;

/**
 * Trains a supernet through the phases of a schedule. Each step takes one augmented batch at one
 * sampled resolution and, under one gradient collector:
 * <ol>
 *   <li>trains the largest network on the labels (cross-entropy with label smoothing), whose
 *       detached predictions become the step's soft targets;</li>
 *   <li>trains the phase's sub-networks (the smallest first when the sandwich rule is on, the
 *       others sampled), each on the labels and the soft targets (in-place distillation);</li>
 * </ol>
 * then applies the summed gradients with SGD. Each phase starts with fresh momentum, and the phase
 * that makes the expand ratio elastic first re-orders the middle channels by importance (OFA).
 *
 * <p>Checkpoints go out at the end of each phase and at the configured interval; the loop is a
 * function of the position and the seed, so a run resumed from a checkpoint continues exactly as
 * the uninterrupted run would have (same thread count). A loss that is not finite stops the run
 * with the step, phase and learning rate, before anything else is written.
 */
final class SupernetTrainer {

    private final TrainSettings settings;
    private final ElasticSupernet supernet;
    private final NDManager manager;
    private final InputNormalization normalization;
    private final DataSplit split;
    private final CheckpointStore checkpoints;
    private final PrintStream out;
    private final List<Phase> phases;
    private final BatchSource batches;
    private final TrainingLoss loss;
    private final SgdOptimizer optimizer;
    private final ProgressLine progress;
    private final Map<String, String> recipe;
    private final StepStats window = new StepStats();
    private TrainingLog log = new TrainingLog();
    private TrainingPosition position = TrainingPosition.START;
    private double earlierSeconds;
    private long sessionStart;
    private String lastCheckpoint;
    private long lastCheckpointStep;
    private long lastCheckpointNanos;
    private HeldOutCheck heldOut;

    SupernetTrainer(TrainSettings settings, ElasticSupernet supernet, NDManager manager, InputNormalization normalization,
                    DataSplit split, CheckpointStore checkpoints, PrintStream out) {
        this.settings = settings;
        this.supernet = supernet;
        this.manager = manager;
        this.normalization = normalization;
        this.split = split;
        this.checkpoints = checkpoints;
        this.out = out;
        this.phases = settings.phases();
        this.batches = new BatchSource(split.training(), settings.batchSize(), settings.augmentation(), settings.seed());
        this.loss = new TrainingLoss(settings.loss());
        this.optimizer = new SgdOptimizer(supernet, settings.optimizer());
        this.progress = new ProgressLine(out, phases, batches.stepsPerEpoch(),
                StepCost.perPhase(settings.space(), phases, settings.includeSmallest()),
                settings.monitoring().progressEverySeconds());
        this.recipe = settings.recipe();
    }

    /** Continues from {@code stored} (its weights are already in the supernet): position, momentum, log, time. */
    void resume(CheckpointStore.Stored stored) {
        Checkpoint c = stored.checkpoint();
        if (!c.position().fits(phases, batches.stepsPerEpoch())) {
            throw new org.sparknas.config.ConfigException("checkpoint " + stored.file() + " stands at " + c.position()
                    + ", which is not a position of the configured schedule (" + batches.stepsPerEpoch()
                    + " steps per epoch); it belongs to another schedule or batch size. Use the settings it was "
                    + "written with, another output directory, or --restart");
        }
        try {
            optimizer.restore(c.optimizer());
            log = TrainingLog.parse(c.log());
        } catch (IllegalArgumentException e) {
            throw new org.sparknas.config.ConfigException("checkpoint " + stored.file() + " is unreadable: " + e.getMessage()
                    + ". Delete it to resume from the checkpoint before it, or start over with --restart", e);
        }
        position = c.position();
        earlierSeconds = c.seconds();
        lastCheckpoint = stored.file();
        lastCheckpointStep = position.globalStep();
    }

    TrainingPosition position() {
        return position;
    }

    TrainingLog log() {
        return log;
    }

    int stepsPerEpoch() {
        return batches.stepsPerEpoch();
    }

    /** Training wall time so far, over every session of this run. */
    double seconds() {
        return earlierSeconds + (sessionStart == 0 ? 0 : (System.nanoTime() - sessionStart) / 1e9);
    }

    /** Runs the schedule from the current position to its end. */
    void run() {
        runUntil(Long.MAX_VALUE);
    }

    /**
     * Runs the schedule from the current position until {@code globalStep} steps are done or the
     * schedule ends, whichever comes first (what a run killed right after that step has done).
     */
    void runUntil(long globalStep) {
        sessionStart = System.nanoTime();
        lastCheckpointNanos = sessionStart;
        Engine engine = TorchLogging.pytorch();
        try {
            while (!position.finished(phases) && position.globalStep() < globalStep) {
                runEpoch(engine, globalStep);
            }
        } finally {
            if (heldOut != null) {
                heldOut.close();
                heldOut = null;
            }
            earlierSeconds = seconds();
            sessionStart = 0;
        }
    }

    private void runEpoch(Engine engine, long until) {
        int phaseIndex = position.phase();
        int epoch = position.epoch();
        Phase phase = phases.get(phaseIndex);
        if (position.startsPhase()) {
            startPhase(phaseIndex);
        }
        SubnetSampler sampler = new SubnetSampler(settings.space(), phase.elastic());
        LearningRate schedule = LearningRate.of(phase, batches.stepsPerEpoch());
        int[] order = batches.order(phaseIndex, epoch);
        while (position.phase() == phaseIndex && position.epoch() == epoch && position.globalStep() < until) {
            long started = System.nanoTime();
            double lr = schedule.at((long) epoch * batches.stepsPerEpoch() + position.step());
            SplittableRandom random = Seeds.random(settings.seed(), Seeds.STEP, phaseIndex, epoch, position.step());
            step(engine, phase, sampler, order, random, lr);
            position = position.next(phases, batches.stepsPerEpoch());
            boolean epochDone = position.phase() != phaseIndex || position.epoch() != epoch;
            progress.step(phaseIndex, (System.nanoTime() - started) / 1e9, position, window, lr, seconds(), epochDone);
            if (epochDone) {
                endEpoch(phaseIndex, epoch, lr);
            } else {
                if (position.globalStep() % settings.monitoring().logEverySteps() == 0) {
                    logRow(phase, epoch, lr, HeldOutCheck.Result.NOT_MEASURED);
                }
                if (checkpointDue()) {
                    checkpoint(null);
                }
            }
        }
    }

    private void startPhase(int index) {
        Phase phase = phases.get(index);
        optimizer.resetMomentum();
        if (index > 0 && phase.elastic().contains(ElasticDimension.EXPAND)
                && !phases.get(index - 1).elastic().contains(ElasticDimension.EXPAND)) {
            // the narrow widths keep the channels that matter most (OFA's re-organisation before the width phase)
            supernet.reorderChannelsByImportance();
            out.println("re-ordered every block's middle channels by importance before the expand-ratio phase");
        }
        out.printf(Locale.ROOT, "phase %d/%d '%s': elastic %s, %d epoch(s) of %d steps, learning rate %s, %d sub-network(s) "
                        + "per step besides the largest%n", index + 1, phases.size(), phase.name(), phase.describeElastic(),
                phase.epochs(), batches.stepsPerEpoch(), phase.learningRate(), phase.subnets());
        out.flush();
    }

    @SuppressWarnings("try") // resources held open for their scope (grad mode, NDScope)
    private void step(Engine engine, Phase phase, SubnetSampler sampler, int[] order, SplittableRandom random, double lr) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            ImageSet images = batches.batch(order, position.step(), random);
            int resolution = sampler.resolution(random);
            NDArray input = ImageTensors.batch(manager, images, 0, images.count(), normalization, resolution);
            NDArray targets = loss.hardTargets(manager, images.labels(), images.numClasses());
            ForwardPass pass = supernet.pass(NormMode.TRAINING, LayerObserver.NONE);
            try (GradientCollector collector = engine.newGradientCollector()) {
                Architecture teacher = sampler.largest(resolution);
                supernet.setActive(teacher);
                NDArray logits = supernet.forward(input, pass);
                NDArray teacherLoss = loss.crossEntropy(logits, targets);
                window.largest(finite(teacherLoss, teacher, phase, lr), correct(logits, images), images.count());
                collector.backward(teacherLoss);
                TrainingLoss.SoftTargets soft = phase.subnets() > 0 ? loss.softTargets(logits) : null;
                for (int i = 0; i < phase.subnets(); i++) {
                    Architecture student = i == 0 && settings.includeSmallest() ? sampler.smallest(resolution)
                            : sampler.sample(random, resolution);
                    supernet.setActive(student);
                    NDArray studentLogits = supernet.forward(input, pass);
                    NDArray studentLoss = loss.student(studentLogits, targets, soft);
                    window.subnet(finite(studentLoss, student, phase, lr), correct(studentLogits, images), images.count());
                    collector.backward(studentLoss);
                }
            }
            optimizer.step(lr);
            window.endStep();
        }
    }

    private float finite(NDArray lossValue, Architecture arch, Phase phase, double lr) {
        float value = lossValue.getFloat();
        if (!Float.isFinite(value)) {
            throw new TrainingDivergedException(String.format(Locale.ROOT,
                    "training diverged: the loss of %s is %s at global step %d (phase %d/%d '%s', epoch %d, step %d) "
                            + "with learning rate %.6g. No checkpoint was written after it; the last good one is %s. "
                            + "Lower the phase's learning-rate and run again with --accept-changes to resume from it",
                    arch.key(), value, position.globalStep() + 1, position.phase() + 1, phases.size(), phase.name(),
                    position.epoch() + 1, position.step() + 1, lr,
                    lastCheckpoint == null ? "none yet (the run would start over)" : lastCheckpoint));
        }
        return value;
    }

    private static int correct(NDArray logits, ImageSet images) {
        long[] predicted = logits.argMax(1).toLongArray();
        int correct = 0;
        for (int i = 0; i < predicted.length; i++) {
            if (predicted[i] == images.label(i)) {
                correct++;
            }
        }
        return correct;
    }

    private void endEpoch(int phaseIndex, int epoch, double lr) {
        Phase phase = phases.get(phaseIndex);
        boolean phaseDone = position.phase() != phaseIndex;
        int every = settings.monitoring().validationEveryEpochs();
        HeldOutCheck.Result measured = HeldOutCheck.Result.NOT_MEASURED;
        if (every > 0 && ((epoch + 1) % every == 0 || phaseDone)) {
            if (heldOut == null) {
                heldOut = new HeldOutCheck(supernet, split.calibration(), split.validation(),
                        split.testImages().count() == 0 ? null : split.test(), normalization,
                        settings.monitoring().validationImages(), settings.monitoring().evaluationBatchSize());
            }
            measured = heldOut.measure();
            out.printf(Locale.ROOT, "[%s %d/%d] epoch %d/%d done: held-out accuracy (%d images, BN re-calibrated) largest "
                            + "%.4f, smallest %.4f", phase.name(), phaseIndex + 1, phases.size(), epoch + 1, phase.epochs(),
                    settings.monitoring().validationImages(), measured.largest(), measured.smallest());
            if (heldOut.testImages() > 0) {
                out.printf(Locale.ROOT, "; test set (%d images) largest %.4f, smallest %.4f", heldOut.testImages(),
                        measured.testLargest(), measured.testSmallest());
            }
            out.println();
            out.flush();
        }
        logRow(phase, epoch, lr, measured);
        writeLogAndChart();
        if (phaseDone) {
            checkpoint(phase.name());
        } else if (checkpointDue()) {
            checkpoint(null);
        }
    }

    private void logRow(Phase phase, int epoch, double lr, HeldOutCheck.Result measured) {
        log.append(new LogRow(position.globalStep(), phase.name(), epoch + 1,
                (double) position.globalStep() / batches.stepsPerEpoch(), lr, seconds(), window.largestLoss(),
                window.largestAccuracy(), window.subnetLoss(), window.subnetAccuracy(),
                measured.largest(), measured.smallest(), measured.testLargest(), measured.testSmallest()));
        window.reset();
    }

    /**
     * Appends the final evaluation's row (the largest and smallest networks on every held-out and test
     * image) to the log file and the plot. Not to the checkpoints: a re-run after a failed weights
     * write measures again from the last checkpoint and appends the row once.
     */
    void logFinalEvaluation(List<SubnetAccuracy> accuracies) {
        SubnetAccuracy largest = accuracies.stream().filter(a -> a.label().equals("largest")).findFirst().orElseThrow();
        SubnetAccuracy smallest = accuracies.stream().filter(a -> a.label().equals("smallest")).findFirst().orElseThrow();
        log.append(new LogRow(position.globalStep(), LogRow.FINAL, phases.get(phases.size() - 1).epochs(),
                (double) position.globalStep() / batches.stepsPerEpoch(), Double.NaN, seconds(), Double.NaN, Double.NaN,
                Double.NaN, Double.NaN, largest.accuracy(), smallest.accuracy(), largest.testAccuracy(),
                smallest.testAccuracy()));
        writeLogAndChart();
    }

    private boolean checkpointDue() {
        Monitoring m = settings.monitoring();
        return (m.checkpointEverySteps() > 0 && position.globalStep() - lastCheckpointStep >= m.checkpointEverySteps())
                || (m.checkpointEveryMinutes() > 0 && System.nanoTime() - lastCheckpointNanos >= m.checkpointEveryMinutes() * 60e9);
    }

    private void checkpoint(String endOfPhase) {
        Map<String, String> info = new java.util.TreeMap<>(recipe);
        info.put("method", "checkpoint");
        info.put("checkpoint-step", Long.toString(position.globalStep()));
        byte[] weights = SupernetWeights.encode(supernet, normalization, new TrainingInfo(info));
        Checkpoint c = new Checkpoint(position, recipe, seconds(), weights, optimizer.state(), log.csv());
        lastCheckpoint = checkpoints.save(c, endOfPhase);
        lastCheckpointStep = position.globalStep();
        lastCheckpointNanos = System.nanoTime();
        writeLogAndChart();
        out.println("checkpoint " + lastCheckpoint + " ("
                + (position.finished(phases) ? "end of training" : "next: " + position) + ")");
        out.flush();
    }

    private void writeLogAndChart() {
        WholeFiles.write(WholeFiles.resolve(settings.output(), TrainJob.LOG_FILE), log.csv());
        WholeFiles.write(WholeFiles.resolve(settings.output(), TrainJob.CHART_FILE),
                TrainingChart.png(settings.space().name() + ", " + settings.schedule().configName(), log.rows(), phases));
    }
}
