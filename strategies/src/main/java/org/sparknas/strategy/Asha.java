package org.sparknas.strategy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.sparknas.config.SettingGroup;
import org.sparknas.config.StrictConfig;
import org.sparknas.space.Architecture;

/**
 * ASHA, asynchronous successive halving (Li et al., 2020), in generations. Every new candidate,
 * drawn by the {@code base} strategy, is measured at the lowest rung; a trial that succeeded at
 * rung k is promoted to rung k + 1 as soon as it is among the best {@code floor(n / eta)} of the
 * n trials that succeeded at rung k so far, once. "Best" is {@link FidelitySchedule#best}: the
 * order successive halving promotes by.
 *
 * <p>Unlike {@link SuccessiveHalving} there are no brackets and nothing waits: a rung promotes
 * one candidate for every {@code eta} measured in it, from everything measured in it so far,
 * instead of waiting for a bracket's rung to be complete. The price: a candidate promoted early
 * may later drop out of its rung's best; it stays promoted, and the one that displaced it is
 * promoted too, so a rung may promote somewhat more than 1 in eta in all (as in the paper).
 *
 * <p>An ask fills its slots with promotions first, from the highest rung below the full one
 * down to rung 0, within a rung best first, then with new candidates at rung 0 (the deepest
 * measurements are the most useful, and a batch is full while the space lasts). There is no cap
 * on new candidates: ASHA goes on until the search's budget (its generations) ends. The base is
 * asked once per ask for all the new ones and told each once, with its rung-0 measurement (see
 * {@link FidelitySchedule} for why). A failed trial is never promoted and does not count in n.
 * Deterministic for a seed (the base's) and the told results, so a resumed run replays it. Never
 * asks an architecture twice at one rung: each is promoted from a rung once, and the new ones come
 * from the base, which proposes each once.
 */
final class Asha implements Strategy, Strategy.MultiFidelity {

    public static final String NAME = "asha";

    static final SettingGroup SETTINGS = StrategySettings.group(NAME,
            "asynchronous successive halving: a rung promotes its best 1 in eta without waiting for a bracket; multi-fidelity",
            FidelitySchedule.BASE, FidelitySchedule.RUNGS, FidelitySchedule.ETA);

    private final List<Integer> rungs;
    private final int eta;
    private final Strategy base;
    private final Scoring scoring;
    private final Goal goal;
    /** Per rung below the full one: the trials that succeeded there, in the order told. */
    private final List<List<Scored>> succeeded = new ArrayList<>();
    /** Per rung below the full one: the architectures promoted from it, each once. */
    private final List<Set<Architecture>> promotedFrom = new ArrayList<>();
    private final RungBatch batch = new RungBatch(NAME);
    private long told;
    private boolean baseExhausted;

    Asha(StrategyContext context) {
        StrictConfig c = context.config();
        this.rungs = List.copyOf(FidelitySchedule.RUNGS.read(c));
        this.eta = FidelitySchedule.ETA.read(c);
        this.base = FidelitySchedule.base(c, FidelitySchedule.BASE.read(c), context);
        this.goal = context.goal();
        this.scoring = new Scoring(context.goal(), context.estimator());
        for (int r = 0; r < rungs.size(); r++) {
            succeeded.add(new ArrayList<>());
            promotedFrom.add(new HashSet<>());
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
        for (int k = rungs.size() - 1; k >= 0 && out.size() < n; k--) {
            for (Architecture a : promotable(k)) {
                if (out.size() == n) {
                    break;
                }
                promotedFrom.get(k).add(a);
                out.add(new RungCandidate(a, k + 1));
            }
        }
        int fresh = n - out.size();
        List<Architecture> drawn = fresh == 0 || baseExhausted ? List.of() : base.ask(fresh);
        if (drawn.size() < fresh) {
            // the base has no more: asking it again would break its ask/tell contract for nothing
            baseExhausted = true;
        }
        return batch.ask(out, drawn);
    }

    /** The best floor(n / eta) of rung k's n successful trials not promoted yet, best first. */
    private List<Architecture> promotable(int k) {
        List<Scored> rung = succeeded.get(k);
        return FidelitySchedule.best(goal, rung, rung.size() / eta).stream().map(Scored::architecture)
                .filter(a -> !promotedFrom.get(k).contains(a)).toList();
    }

    @Override
    public void tell(List<Trial> results) {
        List<RungCandidate> asked = batch.tell(results, base);
        for (int i = 0; i < results.size(); i++) {
            Trial trial = results.get(i);
            int rung = asked.get(i).rung();
            long order = told++;
            if (trial.isOk() && rung < rungs.size()) {
                succeeded.get(rung).add(scoring.score(trial, order));
            }
        }
    }
}
