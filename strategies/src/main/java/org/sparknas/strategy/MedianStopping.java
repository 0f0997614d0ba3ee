package org.sparknas.strategy;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.sparknas.config.SettingGroup;
import org.sparknas.config.StrictConfig;
import org.sparknas.space.Architecture;

/**
 * The median stopping rule (Golovin et al.'s Vizier), over fidelity rungs: every new candidate,
 * drawn by the {@code base} strategy, is measured at the lowest rung and goes on rung by rung to
 * the full fidelity unless it is worse than the median of what was measured at its rung so far.
 * "Worse than the median": with two or more objectives, its non-dominated rank under constrained
 * domination among the successful trials at that rung (itself included) is above the median of
 * their ranks (Pareto dominance by more than half of them would almost never stop anything in two
 * dimensions; the rank is the multi-objective order the other strategies promote by); with one
 * objective or a reward, more than half of them have a better fitness (feasible first). Unlike
 * successive halving there are no brackets: a candidate is decided as soon as it is measured,
 * against everything before it, so the promotions go on without waiting for a rung to fill.
 *
 * <p>An ask takes pending promotions first (lowest rung first, oldest first), then new candidates.
 * The base strategy is told each of its candidates once, with the lowest-rung measurement (see
 * {@link FidelitySchedule} for why). A failed trial is stopped and otherwise invisible.
 * Deterministic for a seed and the told results.
 */
final class MedianStopping implements Strategy, Strategy.MultiFidelity {

    public static final String NAME = "median-stopping";

    static final SettingGroup SETTINGS = StrategySettings.group(NAME,
            "the median stopping rule over fidelity rungs; multi-fidelity", FidelitySchedule.BASE, FidelitySchedule.RUNGS);

    private final List<Integer> rungs;
    private final Strategy baseStrategy;
    private final Scoring scoring;
    private final boolean multiObjective;
    /** Per rung below the full one: its successful trials so far, and the candidates promoted to it not yet asked. */
    private final List<List<Scored>> measured = new ArrayList<>();
    private final List<Deque<Architecture>> promoted = new ArrayList<>();
    private final RungBatch batch = new RungBatch(NAME);
    private long told;

    MedianStopping(StrategyContext context) {
        StrictConfig c = context.config();
        this.rungs = List.copyOf(FidelitySchedule.RUNGS.read(c));
        this.baseStrategy = FidelitySchedule.base(c, FidelitySchedule.BASE.read(c), context);
        this.scoring = new Scoring(context.goal(), context.estimator());
        this.multiObjective = context.goal().objectives().size() >= 2;
        for (int r = 0; r <= rungs.size(); r++) {
            measured.add(new ArrayList<>());
            promoted.add(new ArrayDeque<>());
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Integer> lowRungs() {
        return rungs;
    }

    /** Refused: the caller must measure each candidate at its rung, see {@link #askAtRungs}. */
    @Override
    public List<Architecture> ask(int n) {
        throw RungBatch.plainAskRefused(NAME);
    }

    @Override
    public List<RungCandidate> askAtRungs(int n) {
        AskCount.check(n);
        batch.checkTold();
        List<RungCandidate> out = new ArrayList<>();
        for (int r = 1; r <= rungs.size() && out.size() < n; r++) {
            while (!promoted.get(r).isEmpty() && out.size() < n) {
                out.add(new RungCandidate(promoted.get(r).removeFirst(), r));
            }
        }
        int fresh = n - out.size();
        List<Architecture> drawn = fresh == 0 ? List.of() : baseStrategy.ask(fresh);
        return batch.ask(out, drawn);
    }

    @Override
    public void tell(List<Trial> results) {
        List<RungCandidate> asked = batch.tell(results, baseStrategy);
        // every trial of the batch is measured before any is judged, so the order within a batch does not matter
        List<Scored> judged = new ArrayList<>();
        List<Integer> judgedRung = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            Trial trial = results.get(i);
            int rung = asked.get(i).rung();
            long order = told++;
            if (trial.isOk() && rung < rungs.size()) {
                Scored s = scoring.score(trial, order);
                measured.get(rung).add(s);
                judged.add(s);
                judgedRung.add(rung);
            }
        }
        java.util.Map<Integer, ConstrainedRanking.Ranked> ranked = new java.util.HashMap<>();
        for (int k = 0; k < judged.size(); k++) {
            int rung = judgedRung.get(k);
            boolean stopped = multiObjective
                    ? aboveMedianRank(judged.get(k), ranked.computeIfAbsent(rung, r -> ConstrainedRanking.rank(measured.get(r))))
                    : worseThanMedian(judged.get(k), measured.get(rung));
            if (!stopped) {
                promoted.get(rung + 1).addLast(judged.get(k).architecture());
            }
        }
    }

    /** Whether more than half of {@code rung} (the candidate among them) have a strictly better fitness (feasible first). */
    private static boolean worseThanMedian(Scored candidate, List<Scored> rung) {
        int better = 0;
        for (Scored other : rung) {
            if (other.violation() < candidate.violation()
                    || other.violation() == candidate.violation() && other.fitness() > candidate.fitness()) {
                better++;
            }
        }
        return 2 * better > rung.size();
    }

    /** Whether the candidate's rank among its rung is above the (lower) median of the rung's ranks. */
    private static boolean aboveMedianRank(Scored candidate, ConstrainedRanking.Ranked rung) {
        int[] ranks = rung.rank().clone();
        java.util.Arrays.sort(ranks);
        int median = ranks[(ranks.length - 1) / 2];
        int own = -1;
        for (int i = 0; i < rung.members().size(); i++) {
            if (rung.members().get(i) == candidate) {
                own = rung.rank()[i];
            }
        }
        return own > median;
    }
}
