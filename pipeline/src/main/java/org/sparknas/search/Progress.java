package org.sparknas.search;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.sparknas.store.RunRecord;
import org.sparknas.store.TrialRecord;
import org.sparknas.strategy.Metrics;
import org.sparknas.strategy.Objective;

/** The lines a search prints: one per generation, then the final front and where the tables are. */
final class Progress {

    /** The console shows this much of the front; the pareto table has all of it. */
    private static final int MAX_FRONT_LINES = 25;

    private final PrintStream out;
    private final RunPlan plan;
    private final ParetoTable paretoTable;
    private long evaluatedNanos;
    private int evaluatedGenerations;
    private long lastMark;

    Progress(PrintStream out, RunPlan plan, ParetoTable paretoTable) {
        this.out = out;
        this.plan = plan;
        this.paretoTable = paretoTable;
    }

    void start(int storedGenerations) {
        out.printf(Locale.ROOT, "run %s: %s, generation size %d, %d generations, fidelity %d, seed %d, goal %s%s%n",
                plan.runId(), plan.strategy(), plan.generationSize(), plan.generations(), plan.fidelity(), plan.seed(),
                plan.goal().objectives(), plan.goal().constraints().isEmpty() ? "" : " subject to " + plan.goal().constraints());
        if (storedGenerations > 0) {
            out.printf(Locale.ROOT, "resuming: replaying %d stored generation(s) through the strategy%n", storedGenerations);
        }
        out.flush();
        lastMark = System.nanoTime();
    }

    /**
     * @param full the trials so far at the full fidelity (all of them but for a multi-fidelity strategy)
     * @param hv   the run's hypervolume after this generation, as the catalog stores it (NaN: none yet)
     */
    void generation(int g, List<TrialRecord> generation, List<TrialRecord> all, List<TrialRecord> full, boolean replayed,
                    double hv) {
        long now = System.nanoTime();
        if (!replayed) {
            evaluatedNanos += now - lastMark;
            evaluatedGenerations++;
        }
        lastMark = now;
        long failed = generation.stream().filter(t -> !t.trial().isOk()).count();
        long reused = generation.stream().filter(t -> t.reusedFrom() != null).count();
        int remaining = plan.generations() - g - 1;
        String eta = evaluatedGenerations == 0 ? "-" : duration((long) (evaluatedNanos / 1e9 / evaluatedGenerations * remaining));
        out.printf(Locale.ROOT, "[gen %d/%d] %s %d candidates (%d reused, %d failed) | trials %d/%d | best accuracy %s"
                        + " | front %d | HV %s | %s%n",
                g + 1, plan.generations(), replayed ? "replayed" : "evaluated", generation.size(), reused, failed,
                all.size(), (long) plan.generations() * plan.generationSize(), bestAccuracy(full),
                paretoTable.front(full).size(), Double.isNaN(hv) ? "-" : String.format(Locale.ROOT, "%.4f", hv),
                replayed ? "from store" : "ETA " + eta);
        out.flush();
    }

    void warmStart(int priorTrials) {
        out.printf(Locale.ROOT, "warm start: the strategy learns from %d trial(s) of earlier runs with these weights,"
                + " measured on the same images, at fidelity %d%n", priorTrials, plan.fidelity());
    }

    void exhausted(int g) {
        out.printf(Locale.ROOT, "the strategy has no new candidates after %d generation(s): the space (or grid) is exhausted%n", g);
        out.flush();
    }

    void damagedGeneration(int g, String damage) {
        out.printf(Locale.ROOT, "run %s: generation %d: %s; the file is kept under a hidden .set-aside name and the"
                + " generation evaluated again%n", plan.runId(), g + 1, damage);
        out.flush();
    }

    void lostGeneration(int g, int recorded, int stored) {
        out.printf(Locale.ROOT, "run %s: generation %d (trials/run_id=%s/gen-%05d.parquet) holds %d trial(s) where the"
                        + " catalog recorded %s: it is evaluated again%s%n", plan.runId(), g + 1, plan.runId(), g, stored,
                recorded < 0 ? "more" : Integer.toString(recorded),
                stored > 0 ? " (the file is kept beside it under a hidden .set-aside name)" : "");
        out.flush();
    }

    void alreadyFinished(RunRecord run, int trials) {
        out.printf(Locale.ROOT, "run %s already finished at %s with %d trials in %d generations; nothing to do%n",
                run.runId(), run.endedAt(), trials, run.generationsDone());
        out.printf(Locale.ROOT, "tables: %s/{trials,pareto,runs}/run_id=%s%n", plan.output(), run.runId());
        out.flush();
    }

    void finished(RunRecord run, List<TrialRecord> front, String root) {
        out.printf(Locale.ROOT, "run %s finished: %d trials (%d ok, %d failed, %d reused) in %d generations%n",
                run.runId(), run.trialsTotal(), run.trialsOk(), run.trialsFailed(), run.trialsReused(), run.generationsDone());
        List<Objective> objectives = plan.goal().objectives();
        out.printf(Locale.ROOT, "Pareto front (%s), %d architectures:%n", objectives, front.size());
        for (TrialRecord t : front.subList(0, Math.min(front.size(), MAX_FRONT_LINES))) {
            StringBuilder line = new StringBuilder("  ");
            for (Objective o : objectives) {
                line.append(String.format(Locale.ROOT, "%s=%s  ", o.metric(), format(o.metric(), t.trial().metric(o.metric()))));
            }
            line.append(t.archKey());
            out.println(line);
        }
        if (front.size() > MAX_FRONT_LINES) {
            out.printf(Locale.ROOT, "  ... and %d more: the pareto table has them all%n", front.size() - MAX_FRONT_LINES);
        }
        out.printf(Locale.ROOT, "tables: %s/trials, %s/pareto, %s/runs (partition run_id=%s)%n", root, root, root, run.runId());
        out.flush();
    }

    private static String bestAccuracy(List<TrialRecord> all) {
        return all.stream().filter(t -> t.trial().isOk() && t.trial().metrics().containsKey(Metrics.ACCURACY))
                .mapToDouble(t -> t.trial().metric(Metrics.ACCURACY)).max()
                .stream().mapToObj(v -> String.format(Locale.ROOT, "%.4f", v)).findFirst().orElse("-");
    }

    private static String format(String metric, double v) {
        if (Metrics.isCount(metric)) {
            return String.format(Locale.ROOT, "%.3fM", v / 1e6);
        }
        return String.format(Locale.ROOT, "%.4f", v);
    }

    static String duration(long seconds) {
        Duration d = Duration.ofSeconds(seconds);
        return d.toHours() > 0 ? String.format(Locale.ROOT, "%dh%02dm", d.toHours(), d.toMinutesPart())
                : d.toMinutes() > 0 ? String.format(Locale.ROOT, "%dm%02ds", d.toMinutes(), d.toSecondsPart())
                : d.toSeconds() + "s";
    }
}
