package org.sparknas.strategy;

import com.typesafe.config.ConfigFactory;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.sparknas.config.Setting;
import org.sparknas.config.StrictConfig;
import org.sparknas.space.Architecture;

/**
 * What successive halving and Hyperband share: brackets over the rungs, a base strategy that draws
 * each bracket's new candidates, and promotion by rank.
 *
 * <p>A bracket starts at some rung with {@code size} new candidates; when every candidate of its
 * current rung is told, the best {@code floor(size / eta)} (at least one) of those that succeeded
 * go on to the next rung, until the full rung. The best are chosen as the other multi-objective
 * strategies choose: non-dominated rank under constrained domination, then crowding distance (then
 * the order told); with one objective or a reward, by fitness (feasible first). A failed trial is
 * never promoted and otherwise invisible. Brackets run side by side: an ask takes the open
 * brackets' candidates first (promotions of the oldest bracket first), then starts new brackets,
 * so a batch is always full while the space lasts and no bracket waits for another.
 *
 * <p>The base strategy is asked once per ask for all the new candidates it needs, and told each of
 * them once, in that order, with its first measurement (at the rung its bracket starts at). Being
 * told every candidate it proposed, in order, keeps any base strategy's own ask/tell contract
 * (a generational one too), and most candidates are stopped at a low rung: a base told only
 * full-fidelity results would learn from a small fraction of what was spent. The price: it
 * compares measurements of different fidelities when brackets start at different rungs (Hyperband).
 *
 * <p>Deterministic for a seed (the base's) and the told results; never asks an architecture twice
 * at one rung (new ones come from the base, which proposes each once and meets the constraints the
 * {@link CostEstimator} can check).
 *
 * <p>The multi-fidelity strategies without brackets ({@link Asha}, {@link MedianStopping}) share its
 * settings, its {@link #base} and its {@link #best}.
 */
abstract class FidelitySchedule implements Strategy, Strategy.MultiFidelity {

    /** The best single-fidelity strategy measured is the default base (bench-strategies with a low fidelity agrees). */
    static final Setting<String> BASE = Setting.string("base", ParetoLocalSearch.NAME,
            "the strategy (a built-in name, with its defaults) that draws new candidates at a bracket's first rung"
            + " (the lowest rung without brackets)");
    static final Setting<List<Integer>> RUNGS = Setting.integers("rungs", List.of(500),
            "fidelities below search.fidelity, increasing; the full fidelity is the last rung")
            .check(FidelitySchedule::increasingPositive, "a non-empty, increasing list of positive numbers");
    static final Setting<Integer> ETA = Setting.integer("eta", 3, "reduction factor: 1 in eta candidates of a rung is promoted")
            .atLeast(2);
    static final Setting<Integer> CANDIDATES = Setting.integer("candidates", 27,
            "new candidates of a bracket that starts at the lowest rung").positive();

    /**
     * @param base       the built-in strategy that draws new candidates
     * @param rungs      fidelities below the full one, increasing
     * @param eta        reduction factor
     * @param candidates new candidates of a bracket that starts at the lowest rung
     */
    record Settings(String base, List<Integer> rungs, int eta, int candidates) {

        Settings {
            rungs = List.copyOf(rungs);
        }

        static Settings read(StrictConfig c) {
            return new Settings(BASE.read(c), RUNGS.read(c), ETA.read(c), CANDIDATES.read(c));
        }
    }

    private static boolean increasingPositive(List<Integer> rungs) {
        if (rungs.isEmpty() || rungs.get(0) <= 0) {
            return false;
        }
        for (int i = 1; i < rungs.size(); i++) {
            if (rungs.get(i) <= rungs.get(i - 1)) {
                return false;
            }
        }
        return true;
    }

    /** One bracket: its current rung, how many candidates that rung has, and what is known of them. */
    private static final class Bracket {

        final int start;
        int rung;
        int size;
        /** Candidates of the current rung not asked yet: promotions (at the start rung, new ones are drawn). */
        final Deque<Architecture> promoted = new ArrayDeque<>();
        int asked;
        int told;
        final List<Scored> succeeded = new ArrayList<>();

        Bracket(int start, int size) {
            this.start = start;
            this.rung = start;
            this.size = size;
        }

        int unasked() {
            return size - asked;
        }
    }

    /** One asked candidate, to match the told trial with its bracket. */
    private record Pending(Bracket bracket, RungCandidate candidate, boolean fromBase) {
    }

    private final String name;
    private final Settings settings;
    private final Strategy base;
    private final Scoring scoring;
    private final Goal goal;
    private final List<Bracket> open = new ArrayList<>();
    private List<Pending> pending = List.of();
    private int brackets;
    private long told;
    private boolean baseExhausted;

    FidelitySchedule(String name, StrategyContext context) {
        this.name = name;
        StrictConfig c = context.config();
        this.settings = Settings.read(c);
        this.base = base(c, settings.base(), context);
        this.goal = context.goal();
        this.scoring = new Scoring(context.goal(), context.estimator());
    }

    /** The base strategy, refused by key when it is unknown or itself multi-fidelity. */
    static Strategy base(StrictConfig c, String baseName, StrategyContext context) {
        if (!Strategies.names().contains(baseName) || Strategies.multiFidelity(baseName)) {
            throw c.error(BASE.key(), "is '" + baseName + "'; use a built-in strategy that measures at one fidelity: "
                    + String.join(", ", Strategies.names().stream().filter(n -> !Strategies.multiFidelity(n)).toList()));
        }
        StrictConfig config = new StrictConfig(ConfigFactory.parseString("name = \"" + baseName + "\""), c.key(BASE.key()));
        return Strategies.create(config, context.space(), context.goal(), context.estimator(), context.seed());
    }

    /** The rung a bracket numbered {@code bracket} (0, 1, ...) starts at. */
    abstract int startRung(int bracket);

    /** The new candidates of a bracket that starts at {@code rung}. */
    abstract int bracketSize(int rung);

    Settings settings() {
        return settings;
    }

    /** The index of the full rung: the number of low rungs. */
    final int fullRung() {
        return settings.rungs().size();
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final List<Integer> lowRungs() {
        return settings.rungs();
    }

    /** Refused: the caller must measure each candidate at its rung, see {@link #askAtRungs}. */
    @Override
    public final List<Architecture> ask(int n) {
        throw RungBatch.plainAskRefused(name);
    }

    @Override
    public final List<RungCandidate> askAtRungs(int n) {
        AskCount.check(n);
        if (!pending.isEmpty()) {
            throw new IllegalStateException(name + " was asked again before the " + pending.size()
                    + " candidates of its last ask were told");
        }
        // Plan the slots: open brackets first (oldest first), then new brackets while the batch has room.
        List<Bracket> slots = new ArrayList<>();
        for (Bracket b : open) {
            for (int k = b.unasked(); k > 0 && slots.size() < n; k--) {
                slots.add(b);
                b.asked++;
            }
        }
        while (slots.size() < n && !baseExhausted) {
            int start = startRung(brackets++);
            Bracket b = new Bracket(start, bracketSize(start));
            open.add(b);
            for (int k = b.unasked(); k > 0 && slots.size() < n; k--) {
                slots.add(b);
                b.asked++;
            }
        }
        int fresh = (int) slots.stream().filter(b -> b.rung == b.start).count();
        List<Architecture> drawn = fresh == 0 ? List.of() : base.ask(fresh);
        if (drawn.size() < fresh) {
            baseExhausted = true;
        }
        List<Pending> out = new ArrayList<>();
        int next = 0;
        for (Bracket b : slots) {
            if (b.rung != b.start) {
                out.add(new Pending(b, new RungCandidate(b.promoted.removeFirst(), b.rung), false));
            } else if (next < drawn.size()) {
                out.add(new Pending(b, new RungCandidate(drawn.get(next++), b.rung), true));
            } else {
                // the space is exhausted: the bracket's first rung holds what could be drawn
                b.asked--;
                b.size--;
            }
        }
        open.removeIf(b -> b.size == 0);
        pending = List.copyOf(out);
        return out.stream().map(Pending::candidate).toList();
    }

    @Override
    public final void tell(List<Trial> results) {
        if (results.size() != pending.size()) {
            throw new IllegalArgumentException(name + " was told " + results.size() + " trials for the " + pending.size()
                    + " candidates it was asked for");
        }
        List<Trial> forBase = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            Trial trial = results.get(i);
            Pending p = pending.get(i);
            if (!trial.architecture().equals(p.candidate().architecture())) {
                throw new IllegalArgumentException(name + " was told trial " + i + " of " + trial.architecture().key()
                        + " where it asked for " + p.candidate().architecture().key());
            }
            if (p.fromBase()) {
                forBase.add(trial);
            }
            p.bracket().told++;
            if (trial.isOk()) {
                p.bracket().succeeded.add(scoring.score(trial, told));
            }
            told++;
        }
        pending = List.of();
        if (!forBase.isEmpty()) {
            base.tell(forBase);
        }
        for (Bracket b : open) {
            if (b.told == b.size) {
                promote(b);
            }
        }
        open.removeIf(b -> b.size == 0);
    }

    /** Moves a fully told bracket to its next rung with its best candidates, or closes it (size 0). */
    private void promote(Bracket b) {
        int keep = b.rung == fullRung() ? 0 : Math.min(b.succeeded.size(), Math.max(1, b.size / settings.eta()));
        List<Scored> best = best(goal, b.succeeded, keep);
        b.rung++;
        b.size = best.size();
        b.asked = 0;
        b.told = 0;
        b.succeeded.clear();
        best.forEach(s -> b.promoted.addLast(s.architecture()));
    }

    /**
     * The best {@code k} of {@code members}: by constrained non-dominated rank, then crowding, with two
     * or more objectives; by fitness (feasible first, then smaller violation) with one or a reward.
     * Ties go to the trial told first.
     */
    static List<Scored> best(Goal goal, List<Scored> members, int k) {
        if (goal.objectives().size() >= 2) {
            return ConstrainedRanking.best(members, k);
        }
        return members.stream().sorted(Scored::compareByFitness).limit(k).toList();
    }
}
