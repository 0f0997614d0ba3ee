package org.sparknas.strategy;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.sparknas.config.Setting;
import org.sparknas.config.SettingGroup;
import org.sparknas.config.StrictConfig;
import org.sparknas.space.Architecture;
import org.sparknas.space.MutationRates;
import org.sparknas.space.SearchSpace;

/**
 * Predictor-guided search, after Once-for-All: the measured trials train a small perceptron per
 * metric ({@link MlpPredictor}), an NSGA-II evolution then runs on the predicted objectives, and only
 * the architectures it finds best are measured.
 *
 * <p>The idea: an evaluation costs a Spark task, a prediction a few microseconds, so a generation
 * of NSGA-II over a population of {@code inner-population} costs nothing once a predictor exists,
 * and many generations can be spent on it per measured candidate. First come the space's
 * {@link SearchSpace#anchors() anchors} (in an elastic space the largest, median and smallest
 * sub-network: a search of a few generations rarely finds either end of the front otherwise, the
 * most accurate sub-network is nearly always the largest, and the median gives the first
 * predictor a point in the middle). After {@code initial} random
 * candidates (and at least the predictor's minimum of successful trials), every metric the goal
 * reads that the {@link CostEstimator} does not know gets its own predictor, fitted on every
 * successful trial; a metric the estimator knows (MACs, a lookup-table latency) is taken exactly
 * from it. The inner evolution starts from the measured elite (measured values) plus random
 * architectures, breeds {@code inner-generations} generations with NSGA-II's moves and
 * constrained ranking, and every new, feasible architecture it met is ranked on its predicted
 * objectives; the candidates are taken from that ranking, best front first and by crowding
 * distance within a front, so a batch spreads along the predicted front instead of crowding one
 * end. With probability {@code exploration} a candidate is instead one the predictor did not pick:
 * an unexplored one-gene neighbour of the measured front (Pareto local search's move), else an
 * NSGA-II child of the measured elite, else a random one. That corrects the predictor where it is
 * wrong, and near the front its error (about half an accuracy point on the supernet) is as large
 * as the differences that matter. 0.5 was the best of 0.1, 0.25 and 0.5 on NAS-Bench-201 (FPGA) and
 * NAS-Bench-Macro at batch 1 and 16; on Macro all three were alike.
 *
 * <p>Predictors are refitted only when the successful trials grew by {@code refit-growth} since the
 * last fit (and at least one is new); until then candidates keep coming from the last ranking,
 * and when that is used up the evolution runs again on the same predictors. Deterministic for a
 * seed and the told trials (each fit's seed is drawn from the strategy's generator); failed trials
 * are neither fitted nor ranked. {@link #warmStart} takes the trials of earlier runs before the
 * first ask: they are fitted and ranked like told ones and never proposed again.
 */
public final class PredictorGuidedSearch extends ProposingStrategy implements Strategy.WarmStart {

    public static final String NAME = "predictor-guided";

    static final Setting<Integer> INITIAL = Setting.integer("initial", 10,
            "random candidates before the first predictor (at least the predictor's minimum of 8 successful trials)")
            .positive();
    static final Setting<Boolean> ANCHORS = Setting.flag("anchors", true,
            "measure the space's anchors first (in an elastic space its largest, median and smallest sub-network: the"
            + " ends and the middle of the accuracy-cost front), before the random candidates");
    static final Setting<Double> EXPLORATION = Setting.number("exploration", 0.5,
            "chance that a candidate is a neighbour of the measured front (else an NSGA-II child of the measured elite)"
            + " instead of a predicted best").probability();
    static final Setting<Double> CROSSOVER_PROBABILITY = Setting.number("crossover-probability", 0.5,
            "chance that a child (inner or exploring) is a crossover of two parents (else a mutant of one)").probability();
    static final Setting<Integer> INNER_POPULATION = Setting.integer("inner-population", 100,
            "population of the evolution on predicted objectives").atLeast(2);
    static final Setting<Integer> INNER_GENERATIONS = Setting.integer("inner-generations", 10,
            "generations of the evolution on predicted objectives per ranking").positive();
    static final Setting<Double> REFIT_GROWTH = Setting.number("refit-growth", 0.1,
            "refit the predictors once the successful trials grew by this fraction since the last fit (0: at every new trial)")
            .between(0, 10);
    static final Setting<List<Integer>> HIDDEN_LAYERS = Setting.integers("hidden-layers", List.of(32, 32),
            "units of each hidden ReLU layer of the predictor, input side first")
            .check(l -> !l.isEmpty() && l.size() <= 4 && l.stream().allMatch(h -> h > 0 && h <= 1024),
                    "one to four sizes between 1 and 1024");
    static final Setting<Integer> EPOCHS = Setting.integer("epochs", 60,
            "passes over the successful trials per fit (Adam, mini-batches of 32)").between(1, 10_000);
    static final Setting<Integer> ENSEMBLE = Setting.integer("ensemble", 1,
            "predictors of different seeds trained per metric and averaged").between(1, 16);
    static final SettingGroup SETTINGS = StrategySettings.group(NAME,
            "evolution on predicted objectives (Once-for-All's accuracy predictor), multi-objective", INITIAL, ANCHORS, EXPLORATION,
            CROSSOVER_PROBABILITY, INNER_POPULATION, INNER_GENERATIONS, REFIT_GROWTH, HIDDEN_LAYERS, EPOCHS, ENSEMBLE,
            StrategySettings.MAX_TRIES);

    /**
     * @param initial              random candidates before the first predictor
     * @param anchors              whether the space's anchors are measured first
     * @param exploration          chance that a candidate is a neighbour of the measured front (or a child) instead of a predicted best
     * @param crossoverProbability chance that a child is a crossover of two parents (else a mutant of one)
     * @param innerPopulation      population of the evolution on predicted objectives
     * @param innerGenerations     its generations per ranking
     * @param refitGrowth          growth of the successful trials since the last fit that triggers a refit
     * @param predictor            the predictor of each metric
     * @param maxTries             draws per candidate before giving up on a constraint
     */
    public record Settings(int initial, boolean anchors, double exploration, double crossoverProbability, int innerPopulation,
                           int innerGenerations, double refitGrowth, MlpPredictor.Settings predictor, int maxTries) {

        public static final Settings DEFAULTS = new Settings(StrategySettings.defaultOf(INITIAL),
                StrategySettings.defaultOf(ANCHORS),
                StrategySettings.defaultOf(EXPLORATION), StrategySettings.defaultOf(CROSSOVER_PROBABILITY),
                StrategySettings.defaultOf(INNER_POPULATION), StrategySettings.defaultOf(INNER_GENERATIONS),
                StrategySettings.defaultOf(REFIT_GROWTH), predictorSettings(StrategySettings.defaultOf(HIDDEN_LAYERS),
                        StrategySettings.defaultOf(EPOCHS), StrategySettings.defaultOf(ENSEMBLE)),
                StrategySettings.defaultOf(StrategySettings.MAX_TRIES));

        static Settings read(StrictConfig c) {
            return new Settings(INITIAL.read(c), ANCHORS.read(c), EXPLORATION.read(c), CROSSOVER_PROBABILITY.read(c), INNER_POPULATION.read(c),
                    INNER_GENERATIONS.read(c), REFIT_GROWTH.read(c),
                    predictorSettings(HIDDEN_LAYERS.read(c), EPOCHS.read(c), ENSEMBLE.read(c)),
                    StrategySettings.MAX_TRIES.read(c));
        }

        private static MlpPredictor.Settings predictorSettings(List<Integer> hidden, int epochs, int ensemble) {
            MlpPredictor.Settings d = MlpPredictor.Settings.DEFAULTS;
            return new MlpPredictor.Settings(hidden, epochs, d.batchSize(), d.learningRate(), d.l2(), ensemble,
                    d.minimumTrials());
        }
    }

    /** Children drawn from the measured elite before falling back to a random candidate. */
    static final int VARIATION_TRIES = 100;

    private final Settings settings;
    private final SplittableRandom rng;
    private final Scoring scoring;
    private final MutationRates rates;
    /** The goal's metrics the estimator does not know, in name order: each gets a predictor. */
    private final List<String> predicted;
    /** Every successful trial, scored, in the order told (prior trials first). */
    private final List<Scored> measured = new ArrayList<>();
    private final Map<Architecture, Scored> measuredByArch = new HashMap<>();
    private final Map<String, AccuracyPredictor> predictors = new LinkedHashMap<>();
    /** The current ranking's candidates not yet taken, best first. */
    private final Deque<Architecture> queue = new ArrayDeque<>();
    private int fittedOn = -1;
    private int randomProposed;
    /** The space's anchors not proposed yet; empty when the setting is off. */
    private final Deque<Architecture> anchors;
    private long order;
    private boolean asked;
    /** The best measured trials, ranked; null when a trial arrived since it was last needed. */
    private ConstrainedRanking.Ranked elite;

    public PredictorGuidedSearch(SearchSpace space, Goal goal, CostEstimator estimator, Settings settings, long seed) {
        super(NAME, space, goal, estimator, settings.maxTries());
        this.settings = settings;
        this.rng = new SplittableRandom(seed);
        this.scoring = new Scoring(goal, estimator);
        this.rates = MutationRates.uniform(1.0 / space.dimensions().size());
        TreeSet<String> names = new TreeSet<>(goal.metrics());
        names.removeAll(estimator.metrics());
        this.predicted = List.copyOf(names);
        this.anchors = new ArrayDeque<>(settings.anchors() ? space.anchors() : List.of());
    }

    PredictorGuidedSearch(StrategyContext context) {
        this(context.space(), context.goal(), context.estimator(), Settings.read(context.config()), context.seed());
    }

    /**
     * Takes trials measured before this search (earlier runs of the same supernet at the same
     * fidelity): they are fitted and ranked like told trials and never proposed. Only before the
     * first ask, so that a resumed search given the same prior trials replays exactly.
     */
    @Override
    public void warmStart(List<Trial> prior) {
        if (asked) {
            throw new IllegalStateException("warm start comes before the first ask of strategy '" + NAME + "'");
        }
        for (Trial trial : prior) {
            proposals.markTold(trial);
            add(trial);
        }
    }

    @Override
    protected Optional<Architecture> next() {
        asked = true;
        while (!anchors.isEmpty()) {
            List<Architecture> open = proposals.newAndFeasible(List.of(anchors.pollFirst()));
            if (!open.isEmpty()) {
                proposals.markKnown(open.get(0));
                return Optional.of(open.get(0));
            }
        }
        if (randomProposed < settings.initial() && measured.size() < settings.initial()
                || measured.size() < settings.predictor().minimumTrials()) {
            randomProposed++;
            return proposals.random(rng);
        }
        if (rng.nextDouble() < settings.exploration()) {
            return explore();
        }
        if (fittedOn < 0 || measured.size() > fittedOn && measured.size() >= fittedOn * (1 + settings.refitGrowth())) {
            fit();
            rankPredicted();
        }
        Optional<Architecture> best = takeQueued();
        if (best.isEmpty()) {
            rankPredicted();
            best = takeQueued();
        }
        return best.isPresent() ? best : proposals.varyOrRandom(this::child, VARIATION_TRIES, rng);
    }

    private Optional<Architecture> takeQueued() {
        while (!queue.isEmpty()) {
            Architecture a = queue.pollFirst();
            if (!proposals.isKnown(a)) {
                proposals.markKnown(a);
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /**
     * A measured candidate the predictor did not choose: an unexplored one-gene neighbour of a
     * member of the measured front (where the predictor's error matters most), else an NSGA-II
     * child of the measured elite, else a random one.
     */
    private Optional<Architecture> explore() {
        if (elite == null) {
            elite = ConstrainedRanking.rank(ConstrainedRanking.best(measured, settings.innerPopulation()));
        }
        List<Integer> front = new ArrayList<>();
        for (int i = 0; i < elite.members().size(); i++) {
            if (elite.rank()[i] == 0) {
                front.add(i);
            }
        }
        for (int t = 0; t < front.size(); t++) {
            int member = front.get(rng.nextInt(front.size()));
            List<Architecture> open = proposals.newAndFeasible(Variation.neighbours(space,
                    elite.members().get(member).architecture()));
            if (!open.isEmpty()) {
                Architecture chosen = open.get(rng.nextInt(open.size()));
                proposals.markKnown(chosen);
                return Optional.of(chosen);
            }
        }
        return proposals.varyOrRandom(this::child, VARIATION_TRIES, rng);
    }

    private Architecture child() {
        if (elite == null) {
            elite = ConstrainedRanking.rank(ConstrainedRanking.best(measured, settings.innerPopulation()));
        }
        return NsgaMoves.child(space, elite, settings.crossoverProbability(), rates, rng);
    }

    /** Fits one predictor per predicted metric on every successful trial. */
    private void fit() {
        List<Architecture> archs = measured.stream().map(Scored::architecture).toList();
        predictors.clear();
        for (String metric : predicted) {
            double[] values = new double[measured.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = measured.get(i).trial().metric(metric);
            }
            MlpPredictor predictor = new MlpPredictor(space, settings.predictor(), rng.nextLong());
            predictor.fit(archs, values);
            predictors.put(metric, predictor);
        }
        fittedOn = measured.size();
    }

    /**
     * Runs the evolution on predicted objectives and queues every new, feasible architecture it met,
     * best predicted front first and by crowding distance within a front.
     */
    private void rankPredicted() {
        int size = settings.innerPopulation();
        Map<Architecture, Scored> seen = new LinkedHashMap<>();
        List<Scored> population = new ArrayList<>(ConstrainedRanking.best(measured, size / 2));
        for (int t = 0; population.size() < size && t < 4 * size; t++) {
            Architecture a = space.sample(rng);
            if (!seen.containsKey(a) && !measuredByArch.containsKey(a)) {
                Scored s = predict(a);
                seen.put(a, s);
                population.add(s);
            }
        }
        for (int g = 0; g < settings.innerGenerations(); g++) {
            ConstrainedRanking.Ranked ranked = ConstrainedRanking.rank(population);
            List<Scored> grown = new ArrayList<>(population);
            java.util.Set<Architecture> inPopulation = new java.util.HashSet<>();
            population.forEach(s -> inPopulation.add(s.architecture()));
            for (int k = 0; k < size; k++) {
                Architecture child = NsgaMoves.child(space, ranked, settings.crossoverProbability(), rates, rng);
                if (inPopulation.add(child)) {
                    Scored s = measuredByArch.get(child);
                    if (s == null) {
                        s = seen.computeIfAbsent(child, this::predict);
                    }
                    grown.add(s);
                }
            }
            population = ConstrainedRanking.best(grown, size);
        }
        // The one-gene neighbours of the measured front, where Pareto local search finds most of
        // its gains, compete in the same ranking: the predictor picks among them too.
        ConstrainedRanking.Ranked measuredRanked = ConstrainedRanking.rank(ConstrainedRanking.best(measured, size));
        for (int i = 0; i < measuredRanked.members().size(); i++) {
            if (measuredRanked.rank()[i] == 0) {
                for (Architecture n : Variation.neighbours(space, measuredRanked.members().get(i).architecture())) {
                    if (!measuredByArch.containsKey(n)) {
                        seen.computeIfAbsent(n, this::predict);
                    }
                }
            }
        }
        List<Architecture> fresh = proposals.newAndFeasible(new ArrayList<>(seen.keySet()));
        List<Scored> candidates = fresh.stream().map(seen::get).toList();
        queue.clear();
        ConstrainedRanking.best(candidates, size).forEach(s -> queue.addLast(s.architecture()));
    }

    /** The architecture scored on predicted values of the predicted metrics and estimates of the others. */
    private Scored predict(Architecture a) {
        Map<String, Double> metrics = new HashMap<>();
        for (Map.Entry<String, AccuracyPredictor> e : predictors.entrySet()) {
            metrics.put(e.getKey(), e.getValue().predict(a));
        }
        return scoring.score(Trial.ok(a, 0, metrics), order + 1);
    }

    @Override
    protected void told(Trial trial, long position) {
        add(trial);
    }

    private void add(Trial trial) {
        if (!trial.isOk()) {
            return;
        }
        Scored s = scoring.score(trial, order++);
        measured.add(s);
        measuredByArch.put(trial.architecture(), s);
        elite = null;
    }
}
