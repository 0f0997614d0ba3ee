package org.sparknas.search;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.sparknas.space.Architecture;
import org.sparknas.spark.Candidate;
import org.sparknas.spark.Outcome;
import org.sparknas.store.DamagedFileException;
import org.sparknas.store.HypervolumeIndicator;
import org.sparknas.store.ParetoRecord;
import org.sparknas.store.RunLease;
import org.sparknas.store.RunRecord;
import org.sparknas.store.RunStatus;
import org.sparknas.store.TrialRecord;
import org.sparknas.store.TrialStore;
import org.sparknas.strategy.CostEstimator;
import org.sparknas.strategy.Metrics;
import org.sparknas.strategy.Strategy;
import org.sparknas.strategy.Trial;
import org.sparknas.strategy.TrialStatus;

/**
 * The generation loop of one run: ask, answer from the store what is already known, evaluate the
 * rest in one Spark job, tell, and persist the generation in one atomic write. The writes run behind
 * the loop ({@link WriteBehind}), overlapping the next generation's job; the run is finished only
 * once all of them are done.
 *
 * <p>Resume: the stored generations of the run are replayed through the strategy (ask, then tell
 * the stored trials instead of evaluating) until the first generation that is not stored; since
 * strategies are deterministic for a seed and the told results, the resumed run continues exactly
 * where the crashed one was, and its trials equal those of an uninterrupted run.
 *
 * <p>Multi-fidelity ({@link Strategy.MultiFidelity}): each candidate of a generation comes with its
 * rung, and each rung of the generation is one Spark job, lowest first; the generation is still one
 * ask, one tell and one stored file, so a resume replays it as any other (a candidate is compared
 * by architecture and fidelity). Every trial is stored with its fidelity; the Pareto table, the
 * hypervolume, the progress lines and the printed front use the full-fidelity trials only, and a
 * measurement is reused only at its own fidelity.
 */
public final class SearchLoop {

    /** Evaluates one generation's candidates of one fidelity (a Spark job in production). */
    public interface GenerationEvaluator {
        List<Outcome> evaluate(List<Candidate> candidates, String description);
    }

    /** One candidate of a generation and the fidelity to measure it at. */
    private record Asked(Architecture architecture, int fidelity) {

        String describe() {
            return architecture.key() + "@" + fidelity;
        }
    }

    private final RunPlan plan;
    private final TrialStore store;
    private final Strategy strategy;
    private final GenerationEvaluator evaluator;
    private final CostEstimator estimator;
    private final ParetoTable paretoTable;
    private final Progress progress;
    private final Clock clock;
    private final Duration heartbeat;

    /** How often a live run refreshes its catalog row's heartbeat while a generation evaluates. */
    public static final Duration HEARTBEAT = Duration.ofSeconds(30);

    public SearchLoop(RunPlan plan, TrialStore store, Strategy strategy, GenerationEvaluator evaluator,
                      CostEstimator estimator, PrintStream out, Clock clock) {
        this(plan, store, strategy, evaluator, estimator, out, clock, HEARTBEAT);
    }

    SearchLoop(RunPlan plan, TrialStore store, Strategy strategy, GenerationEvaluator evaluator,
               CostEstimator estimator, PrintStream out, Clock clock, Duration heartbeat) {
        this.plan = plan;
        this.store = store;
        this.strategy = strategy;
        this.evaluator = evaluator;
        this.estimator = estimator;
        this.paretoTable = new ParetoTable(plan.goal());
        this.progress = new Progress(out, plan, paretoTable);
        this.clock = clock;
        this.heartbeat = heartbeat;
    }

    /** Runs (or resumes, or skips when finished) the run, and returns every trial it holds at the end. */
    public SearchOutcome run() {
        // Before the first read: reading the catalog may complete a replacement a crash interrupted.
        try (RunLease lease = store.lockRun(plan.runId())) {
            return runAsTheWriter();
        }
    }

    private SearchOutcome runAsTheWriter() {
        RunRecord existing = store.run(plan.runId()).orElse(null);
        if (existing != null) {
            plan.checkResumable(existing);
        }
        // Also without a catalog row: a kill during the run's first catalog write leaves trials without one.
        Map<Integer, List<TrialRecord>> stored = storedGenerations();
        if (existing != null) {
            List<Integer> lost = lostGenerations(existing, stored);
            for (int g : lost) {
                progress.lostGeneration(g, existing.generationTrials().isEmpty() ? -1 : existing.generationTrials().get(g),
                        stored.getOrDefault(g, List.of()).size());
                if (stored.remove(g) != null) {
                    store.setAsideGeneration(plan.runId(), g);
                }
            }
            if (existing.status() == RunStatus.FINISHED && existing.generationsDone() >= plan.generations() && lost.isEmpty()) {
                List<TrialRecord> trials = stored.values().stream().flatMap(List::stream).toList();
                progress.alreadyFinished(existing, trials.size());
                return new SearchOutcome(plan.runId(), true, trials, store.pareto(plan.runId()));
            }
        }
        Instant now = clock.instant();
        // A resumed run of an earlier version keeps recording no evaluation fingerprint: how its stored trials were
        // measured is not known, so they stay out of other runs' reuse.
        RunRecord record = existing == null ? plan.newRunRecord(now)
                : existing.withStatus(RunStatus.RUNNING, now, null).withTotal(plan.generations());
        try (WriteBehind writes = new WriteBehind();
             RunCatalog catalog = new RunCatalog(store, writes, clock, record, heartbeat)) {
            try {
                return loop(record, stored, writes, catalog);
            } catch (Throwable e) { // Spark's exceptions are checked ones thrown unchecked: a RuntimeException catch misses them
                catalog.fail(e);
                throw e;
            }
        }
    }

    private SearchOutcome loop(RunRecord record, Map<Integer, List<TrialRecord>> stored, WriteBehind writes,
                               RunCatalog catalog) {
        // A resumed run keeps the scale it stored, so its hypervolumes stay comparable with those it printed before.
        HypervolumeIndicator indicator = record.hypervolumeScale() != null
                ? HypervolumeIndicator.onScale(plan.goal(), record.hypervolumeScale())
                : new HypervolumeIndicator(plan.goal(), plan.space(), estimator);
        HypervolumeIndicator.Running hypervolume = indicator.running();
        double hv = Double.NaN;
        Reusable reusable = new Reusable();
        List<TrialRecord> all = new ArrayList<>();
        List<TrialRecord> full = new ArrayList<>();
        List<ParetoRecord> pareto = List.of();
        int generationsDone = 0;
        progress.start(stored.size());
        if (strategy instanceof Strategy.WarmStart warm) {
            List<Trial> prior = priorTrials(reusable.at(plan.fidelity()).values(), plan.runId(), record.startedAt());
            warm.warmStart(prior);
            progress.warmStart(prior.size());
        }
        for (int g = 0; g < plan.generations(); g++) {
            catalog.generation(g);
            List<Asked> asked = ask();
            if (asked.isEmpty()) {
                progress.exhausted(g);
                break;
            }
            List<TrialRecord> generation = stored.remove(g);
            boolean replayed = generation != null;
            if (replayed) {
                checkReplay(g, asked, generation);
            } else {
                generation = evaluate(g, all.size(), asked, reusable);
                int number = g;
                List<TrialRecord> evaluated = generation;
                writes.submit(() -> store.appendGeneration(plan.runId(), number, evaluated));
            }
            strategy.tell(generation.stream().map(TrialRecord::trial).toList());
            all.addAll(generation);
            List<TrialRecord> fullGeneration = atFullFidelity(generation);
            full.addAll(fullGeneration);
            for (TrialRecord t : generation) {
                if (t.trial().isOk()) {
                    reusable.at(t.trial().fidelity()).putIfAbsent(t.archKey(), t);
                }
            }
            generationsDone = g + 1;
            hv = hypervolume.add(fullGeneration);
            if (!replayed || stored.isEmpty()) {
                List<ParetoRecord> front = paretoTable.rows(plan.runId(), full);
                RunRecord progressed = progressed(record, generationsDone, all)
                        .withHypervolume(indicator.scale().orElse(null), hv);
                writes.submit(() -> store.putPareto(plan.runId(), front));
                catalog.submit(progressed);
                pareto = front;
                record = progressed;
            }
            progress.generation(g, generation, all, full, replayed, hv);
        }
        if (!stored.isEmpty()) {
            throw new IllegalStateException("run " + plan.runId() + " has stored generations " + stored.keySet()
                    + " beyond where the strategy stopped; the stored run does not match this configuration");
        }
        record = progressed(record, generationsDone, all).withHypervolume(indicator.scale().orElse(null), hv)
                .withStatus(RunStatus.FINISHED, clock.instant(), null);
        catalog.finish(record);
        progress.finished(record, paretoTable.front(full), store.root());
        return new SearchOutcome(plan.runId(), false, all, pareto);
    }

    private List<TrialRecord> evaluate(int g, int firstTrialId, List<Asked> asked, Reusable reusable) {
        Instant now = clock.instant();
        List<TrialRecord> records = new ArrayList<>(asked.size());
        // one Spark job per fidelity (rung), lowest first; a single-fidelity strategy's generation is one job
        Map<Integer, List<Candidate>> byFidelity = new TreeMap<>();
        for (int i = 0; i < asked.size(); i++) {
            Architecture arch = asked.get(i).architecture();
            int fidelity = asked.get(i).fidelity();
            TrialRecord known = reusable.at(fidelity).get(arch.key());
            if (known != null) {
                Trial t = known.trial();
                String origin = known.reusedFrom() != null ? known.reusedFrom() : known.runId();
                records.add(new TrialRecord(plan.runId(), firstTrialId + i, g, strategy.name(),
                        new Trial(arch, t.fidelity(), t.metrics(), TrialStatus.OK, null),
                        new TrialRecord.Provenance(0.0, known.provenance().executor(), known.provenance().device()),
                        plan.modelChecksum(), origin, known.evaluatorId(), now));
            } else {
                records.add(null);
                byFidelity.computeIfAbsent(fidelity, f -> new ArrayList<>()).add(new Candidate(i, arch, fidelity,
                        predictedCost(arch)));
            }
        }
        if (byFidelity.isEmpty()) {
            // everything reused: still one (empty) job, as a single-fidelity generation always had
            byFidelity.put(plan.fidelity(), List.of());
        }
        boolean rungs = strategy instanceof Strategy.MultiFidelity;
        for (Map.Entry<Integer, List<Candidate>> rung : byFidelity.entrySet()) {
            List<Candidate> candidates = rung.getValue();
            String description = "sparknas " + plan.runId() + ": generation " + (g + 1) + "/" + plan.generations()
                    + (rungs ? ", fidelity " + rung.getKey() : "") + ", " + candidates.size() + " candidates";
            List<Outcome> outcomes = evaluator.evaluate(candidates, description);
            if (outcomes.size() != candidates.size()) {
                throw new IllegalStateException("generation " + g + ": " + candidates.size() + " candidates but "
                        + outcomes.size() + " outcomes came back");
            }
            Instant done = clock.instant();
            for (Outcome o : outcomes) {
                Architecture arch = asked.get(o.index()).architecture();
                int fidelity = asked.get(o.index()).fidelity();
                Trial trial = o.error() == null
                        ? new Trial(arch, fidelity, o.metrics(), TrialStatus.OK, null)
                        : new Trial(arch, fidelity, Map.of(), TrialStatus.FAILED, o.error());
                records.set(o.index(), new TrialRecord(plan.runId(), firstTrialId + o.index(), g, strategy.name(), trial,
                        new TrialRecord.Provenance(o.seconds(), o.executor(), o.device()), plan.modelChecksum(), null,
                        o.evaluatorId(), done));
            }
        }
        return records;
    }

    /**
     * The next generation's candidates with their fidelities: a multi-fidelity strategy's rungs map to
     * its low fidelities and, for the last, the search's full one; any other strategy's are all full.
     */
    private List<Asked> ask() {
        if (strategy instanceof Strategy.MultiFidelity mf) {
            List<Integer> low = mf.lowRungs();
            return mf.askAtRungs(plan.generationSize()).stream()
                    .map(c -> new Asked(c.architecture(), c.rung() < low.size() ? low.get(c.rung()) : plan.fidelity()))
                    .toList();
        }
        return strategy.ask(plan.generationSize()).stream().map(a -> new Asked(a, plan.fidelity())).toList();
    }

    /** The trials measured at the search's full fidelity: the ones fronts and hypervolumes are made of. */
    private List<TrialRecord> atFullFidelity(List<TrialRecord> trials) {
        return trials.stream().filter(t -> t.trial().fidelity() == plan.fidelity()).toList();
    }

    /**
     * Successful measurements with these weights, measured this way (the plan's evaluation fingerprint),
     * by fidelity and architecture key, any run: read from the store once per fidelity when first needed,
     * then kept up to date with this run's own.
     */
    private final class Reusable {

        private final Map<Integer, Map<String, TrialRecord>> byFidelity = new java.util.HashMap<>();

        Map<String, TrialRecord> at(int fidelity) {
            return byFidelity.computeIfAbsent(fidelity,
                    f -> new java.util.HashMap<>(store.reusable(plan.modelChecksum(), plan.evaluationFingerprint(), f)));
        }
    }

    /**
     * The trials a {@link Strategy.WarmStart} strategy learns from: other runs' measurements with these
     * weights, measured the same way (evaluation fingerprint) at this fidelity, stored before this run started. The cut-off is the run's recorded start,
     * not now, so a resumed run is told the same trials as at its start (and replays exactly), whatever
     * ran into the output root in between; this run's own trials are never among them.
     */
    static List<Trial> priorTrials(java.util.Collection<TrialRecord> measured, String runId, Instant runStarted) {
        return measured.stream()
                .filter(t -> !t.runId().equals(runId) && t.createdAt().isBefore(runStarted))
                .sorted(java.util.Comparator.comparing(TrialRecord::archKey))
                .map(TrialRecord::trial)
                .toList();
    }

    private double predictedCost(Architecture arch) {
        Double macs = estimator.metrics().contains(Metrics.MACS) ? estimator.estimate(arch).get(Metrics.MACS) : null;
        return macs == null ? 0 : macs;
    }

    private void checkReplay(int g, List<Asked> asked, List<TrialRecord> stored) {
        List<String> askedKeys = asked.stream().map(Asked::describe).toList();
        List<String> storedKeys = stored.stream().map(t -> t.archKey() + "@" + t.trial().fidelity()).toList();
        if (!askedKeys.equals(storedKeys)) {
            throw new IllegalStateException("cannot resume run " + plan.runId() + " exactly: stored generation " + g
                    + " holds " + storedKeys.size() + " trials that differ from the " + askedKeys.size()
                    + " candidates the strategy proposes now (first stored " + storedKeys.get(0) + ", proposed "
                    + (askedKeys.isEmpty() ? "none" : askedKeys.get(0)) + "). Was the code or the configuration changed?"
                    + " Start a new run id.");
        }
    }

    private RunRecord progressed(RunRecord record, int generationsDone, List<TrialRecord> all) {
        long ok = all.stream().filter(t -> t.trial().isOk()).count();
        long reused = all.stream().filter(t -> t.reusedFrom() != null).count();
        Integer[] counts = new Integer[generationsDone];
        java.util.Arrays.fill(counts, 0);
        all.forEach(t -> counts[t.generation()]++);
        return record.progressed(generationsDone, all.size(), ok, all.size() - ok, reused, clock.instant())
                .withGenerationTrials(List.of(counts));
    }

    /**
     * The run's stored trials by generation. A generation file that is damaged (its checksums disagree
     * with its bytes) is set aside under a hidden name and left out: the catalog's counts then mark
     * that generation lost, and it is evaluated again, as a missing one is.
     */
    private Map<Integer, List<TrialRecord>> storedGenerations() {
        while (true) {
            try {
                return byGeneration(store.trials(plan.runId()));
            } catch (DamagedFileException e) {
                if (e.generation().isEmpty()) {
                    throw e;
                }
                progress.damagedGeneration(e.generation().getAsInt(), e.getMessage());
                store.setAsideGeneration(plan.runId(), e.generation().getAsInt());
            }
        }
    }

    /**
     * The generations the catalog row says were stored but the store does not hold as recorded: a
     * missing trial file, or one with another number of trials. A row of an earlier version records
     * no counts: then only a missing file is found (a short one stops the replay as a mismatch).
     */
    static List<Integer> lostGenerations(RunRecord row, Map<Integer, List<TrialRecord>> stored) {
        List<Integer> recorded = row.generationTrials();
        boolean counted = recorded.size() == row.generationsDone();
        List<Integer> lost = new ArrayList<>();
        for (int g = 0; g < row.generationsDone(); g++) {
            int have = stored.getOrDefault(g, List.of()).size();
            if (have == 0 || counted && have != recorded.get(g)) {
                lost.add(g);
            }
        }
        return lost;
    }

    private static Map<Integer, List<TrialRecord>> byGeneration(List<TrialRecord> trials) {
        Map<Integer, List<TrialRecord>> out = new TreeMap<>();
        for (TrialRecord t : trials) {
            out.computeIfAbsent(t.generation(), k -> new ArrayList<>()).add(t);
        }
        return out;
    }
}
