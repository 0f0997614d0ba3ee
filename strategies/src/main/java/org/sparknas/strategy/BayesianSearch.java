package org.sparknas.strategy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.sparknas.config.Setting;
import org.sparknas.config.SettingGroup;
import org.sparknas.config.StrictConfig;
import org.sparknas.space.Architecture;
import org.sparknas.space.SearchSpace;

/**
 * Multi-objective Bayesian optimisation: Gaussian-process surrogates and ParEGO's expected
 * improvement, batch-aware.
 *
 * <p>Every objective the {@link CostEstimator} cannot compute (accuracy, a measured latency) gets a
 * {@link GaussianProcess} over the architectures' choice indices; one it can compute (MACs, a
 * lookup-table latency) is taken exactly. When the goal has constraints the estimator cannot check,
 * their total violation gets a process too. The processes learn from at most {@code training}
 * trials: the best fronts first (where the acquisition has to be right), then the most recent, so
 * a refit stays cheap late in a run. Lengthscale and noise are chosen by marginal likelihood over
 * a small grid, again whenever the number of trials has grown by a tenth.
 *
 * <p>Each candidate is chosen by ParEGO (Knowles 2006): fresh random weights on the simplex, the
 * objectives scaled by the bounds of the elite and combined by {@link Scalarization}, and the
 * candidate of largest expected improvement over the best feasible scalarised trial, the
 * expectation taken over the processes' predictions by common random samples. Infeasible outcomes
 * (predicted violation above 0) scalarise to worse than every feasible one, by their violation, as
 * in Deb's rule. The candidates scored are a pool drawn after each tell: one-gene neighbours and
 * mutants of the best front and random architectures, new and feasible by the estimator only.
 * A batch ({@code ask(n)}) gets a different weight vector per slot, and each pick is believed
 * observed at its predicted mean before the next ("kriging believer"), which shrinks the
 * uncertainty around it and so spreads the batch. The first {@code initial} candidates are random.
 *
 * <p>Deterministic for a seed and the told results; never proposes a known architecture; failed
 * trials are left out of everything it learns.
 */
public final class BayesianSearch extends ProposingStrategy {

    public static final String NAME = "bayesian";

    static final Setting<Integer> INITIAL = Setting.integer("initial", 10,
            "random candidates before the surrogates choose").positive();
    static final Setting<Integer> POOL = Setting.integer("pool", 100,
            "random candidates scored per refit, plus up to as many neighbours and half as many mutants of the best front").positive();
    static final Setting<Integer> TRAINING = Setting.integer("training", 100,
            "most trials the Gaussian processes learn from: the best fronts first, then the most recent").atLeast(2);
    static final Setting<Integer> SAMPLES = Setting.integer("samples", 32,
            "samples of the predictions per candidate that the expected improvement averages").positive();
    static final SettingGroup SETTINGS = StrategySettings.group(NAME,
            "Gaussian-process Bayesian optimisation with ParEGO expected improvement, multi-objective, batch-aware",
            INITIAL, POOL, TRAINING, SAMPLES, StrategySettings.MAX_TRIES);

    /**
     * @param initial  random candidates before the surrogates choose
     * @param pool     random candidates scored per refit (plus up to as many neighbours and half as many mutants)
     * @param training most trials the Gaussian processes learn from
     * @param samples  samples per candidate for the expected improvement
     * @param maxTries draws per candidate before giving up on a constraint
     */
    public record Settings(int initial, int pool, int training, int samples, int maxTries) {

        public static final Settings DEFAULTS = new Settings(StrategySettings.defaultOf(INITIAL),
                StrategySettings.defaultOf(POOL), StrategySettings.defaultOf(TRAINING), StrategySettings.defaultOf(SAMPLES),
                StrategySettings.defaultOf(StrategySettings.MAX_TRIES));

        static Settings read(StrictConfig c) {
            return new Settings(INITIAL.read(c), POOL.read(c), TRAINING.read(c), SAMPLES.read(c),
                    StrategySettings.MAX_TRIES.read(c));
        }
    }

    /** Fronts kept in the elite, which the training set, the pool and the scaling start from. */
    static final int ELITE_FRONTS = 3;
    /** Lengthscale grid, as fractions of the number of dimensions (the largest Hamming distance). */
    static final double[] LENGTHSCALES = {0.2, 0.4, 0.8, 1.6, 3.2};
    /** Noise variance grid, of standardised targets. */
    static final double[] NOISES = {1e-3, 1e-2, 1e-1, 0.3};

    private final Settings settings;
    private final SplittableRandom rng;
    private final Scoring scoring;
    private final OneHot oneHot;
    private final Goal goal;
    private final CostEstimator estimator;
    /** Per objective of the scored trials, whether the estimator computes it exactly. */
    private final boolean[] exact;
    /** Whether some constraint is checked only after evaluation, so that its violation is modelled. */
    private final boolean modelViolation;
    private final double[] lengthscales;

    private final List<Scored> trials = new ArrayList<>();
    private List<Scored> elite = List.of();
    private ConstrainedRanking.Ranked ranked;
    private int randomProposed;
    private double[] weightStart;
    private long weightsDrawn;

    /** Per modelled target, the hyperparameters chosen and the number of trials they were chosen at. */
    private GaussianProcess.Hyperparameters[] hyper;
    private int selectedAt;
    /** The surrogates' view of the current pool; null when a tell has made it stale. */
    private Acquisition acquisition;

    public BayesianSearch(SearchSpace space, Goal goal, CostEstimator estimator, Settings settings, long seed) {
        super(NAME, space, goal, estimator, settings.maxTries());
        this.settings = settings;
        this.rng = new SplittableRandom(seed);
        this.scoring = new Scoring(goal, estimator);
        this.oneHot = new OneHot(space);
        this.goal = goal;
        this.estimator = estimator;
        int objectives = Math.max(1, goal.objectives().size());
        this.exact = new boolean[objectives];
        for (int i = 0; i < goal.objectives().size(); i++) {
            exact[i] = estimator.metrics().contains(goal.objectives().get(i).metric());
        }
        this.modelViolation = goal.constraints().stream().anyMatch(c -> !estimator.metrics().contains(c.metric()));
        int dims = space.dimensions().size();
        this.lengthscales = new double[LENGTHSCALES.length];
        for (int i = 0; i < lengthscales.length; i++) {
            lengthscales[i] = LENGTHSCALES[i] * dims;
        }
    }

    BayesianSearch(StrategyContext context) {
        this(context.space(), context.goal(), context.estimator(), Settings.read(context.config()), context.seed());
    }

    @Override
    protected Optional<Architecture> next() {
        if (randomProposed < settings.initial() || trials.size() < 2) {
            randomProposed++;
            return proposals.random(rng);
        }
        if (acquisition == null) {
            acquisition = new Acquisition(pool());
        }
        Optional<Architecture> chosen = acquisition.choose();
        return chosen.isPresent() ? chosen : proposals.random(rng);
    }

    @Override
    protected void told(Trial trial, long order) {
        // A trial told while a batch is pending ends that batch's fantasies.
        acquisition = null;
        if (trial.isOk()) {
            Scored scored = scoring.score(trial, order);
            trials.add(scored);
            admit(scored);
        }
    }

    /** New, feasible candidates: neighbours and mutants of the best front, then random ones. */
    private List<Architecture> pool() {
        List<Architecture> front = new ArrayList<>();
        for (int i = 0; i < ranked.members().size(); i++) {
            if (ranked.rank()[i] == 0) {
                front.add(ranked.members().get(i).architecture());
            }
        }
        Set<Architecture> out = new LinkedHashSet<>();
        List<Architecture> neighbours = new ArrayList<>();
        for (Architecture member : front) {
            neighbours.addAll(Variation.neighbours(space, member));
        }
        neighbours = proposals.newAndFeasible(neighbours);
        if (neighbours.size() > settings.pool()) {
            Collections.shuffle(neighbours, new java.util.Random(rng.nextLong()));
            neighbours = neighbours.subList(0, settings.pool());
        }
        out.addAll(neighbours);
        List<Architecture> mutants = new ArrayList<>();
        int dims = space.dimensions().size();
        for (int k = 0; k < settings.pool() / 2; k++) {
            Architecture parent = front.get(rng.nextInt(front.size()));
            mutants.add(Variation.mutateGenes(space, parent, 2 + rng.nextInt(Math.max(1, Math.min(3, dims - 1))), rng));
        }
        out.addAll(proposals.newAndFeasible(mutants));
        List<Architecture> random = new ArrayList<>();
        for (int k = 0; k < settings.pool(); k++) {
            random.add(space.sample(rng));
        }
        out.addAll(proposals.newAndFeasible(random));
        return new ArrayList<>(out);
    }

    /** The training set: the elite (its best, if it is larger than the cap), then the most recent trials. */
    private List<Scored> trainingSet() {
        int cap = settings.training();
        List<Scored> chosen = new ArrayList<>(elite.size() > cap ? ConstrainedRanking.best(elite, cap) : elite);
        Set<Architecture> in = new java.util.HashSet<>();
        chosen.forEach(s -> in.add(s.architecture()));
        for (int i = trials.size() - 1; i >= 0 && chosen.size() < cap; i--) {
            if (in.add(trials.get(i).architecture())) {
                chosen.add(trials.get(i));
            }
        }
        chosen.sort(Comparator.comparingLong(Scored::order));
        return chosen;
    }

    /**
     * The fitted processes and their predictions over one pool, from one tell to the next; each
     * {@link #choose} draws new weights and believes its pick.
     */
    private final class Acquisition {

        private final List<Architecture> pool;
        private final boolean[] taken;
        /** Per objective (then the violation, if modelled): the posterior over the pool, null where exact. */
        private final GaussianProcess.Posterior[] posteriors;
        /** Exact objective values of the pool, per candidate, where the estimator knows them. */
        private final double[][] exactValues;
        private final Scalarization.Bounds bounds;

        Acquisition(List<Architecture> pool) {
            this.pool = pool;
            this.taken = new boolean[pool.size()];
            List<Scored> training = trainingSet();
            int n = training.size();
            int[][] x = new int[n][];
            for (int i = 0; i < n; i++) {
                x[i] = oneHot.choiceIndices(training.get(i).architecture());
            }
            int[][] points = new int[pool.size()][];
            for (int p = 0; p < points.length; p++) {
                points[p] = oneHot.choiceIndices(pool.get(p));
            }
            int targets = exact.length + (modelViolation ? 1 : 0);
            double[][] y = new double[targets][n];
            for (int i = 0; i < n; i++) {
                Scored s = training.get(i);
                for (int t = 0; t < exact.length; t++) {
                    y[t][i] = s.objectives()[t];
                }
                if (modelViolation) {
                    y[exact.length][i] = s.violation();
                }
            }
            // Hyperparameters are chosen again when the trials have grown by a tenth: they change
            // slowly, and choosing costs a fit per grid point.
            if (hyper == null || trials.size() >= selectedAt + Math.max(1, selectedAt / 10)) {
                hyper = new GaussianProcess.Hyperparameters[targets];
                for (int t = 0; t < targets; t++) {
                    if (t >= exact.length || !exact[t]) {
                        hyper[t] = GaussianProcess.select(x, y[t], lengthscales, NOISES);
                    }
                }
                selectedAt = trials.size();
            }
            this.posteriors = new GaussianProcess.Posterior[targets];
            for (int t = 0; t < targets; t++) {
                if (hyper[t] != null) {
                    posteriors[t] = GaussianProcess.fit(x, y[t], hyper[t].lengthscale(), hyper[t].noise()).posterior(points);
                }
            }
            this.exactValues = new double[pool.size()][];
            for (int p = 0; p < pool.size(); p++) {
                double[] values = new double[exact.length];
                var estimate = anyExact() ? estimator.estimate(pool.get(p)) : java.util.Map.<String, Double>of();
                for (int t = 0; t < exact.length; t++) {
                    if (exact[t]) {
                        Objective o = goal.objectives().get(t);
                        values[t] = o.direction().toMinimized(estimate.get(o.metric()));
                    }
                }
                exactValues[p] = values;
            }
            // Scaled by the elite's feasible members (all of it while none is feasible): the
            // weights then spread the picks over the front, not over the whole space's range.
            List<double[]> feasible = elite.stream().filter(Scored::feasible).map(Scored::objectives).toList();
            this.bounds = Scalarization.Bounds.of(feasible.isEmpty() ? elite.stream().map(Scored::objectives).toList() : feasible);
        }

        private boolean anyExact() {
            for (boolean e : exact) {
                if (e) {
                    return true;
                }
            }
            return false;
        }

        /** The untaken, still unknown candidate of largest expected improvement under fresh weights, believed observed. */
        Optional<Architecture> choose() {
            int m = exact.length;
            Scalarization weights = nextWeights();
            double best = Double.POSITIVE_INFINITY;
            for (Scored s : elite) {
                best = Math.min(best, penalised(weights, s.objectives(), s.violation()));
            }
            int samples = settings.samples();
            int targets = posteriors.length;
            double[][] z = new double[samples][targets];
            for (int s = 0; s < samples; s++) {
                for (int t = 0; t < targets; t++) {
                    z[s][t] = gaussian();
                }
            }
            int pick = -1;
            double pickImprovement = 0;
            double pickMean = 0;
            double[] objectives = new double[m];
            for (int p = 0; p < pool.size(); p++) {
                if (taken[p] || proposals.isKnown(pool.get(p))) {
                    continue;
                }
                double improvement = 0;
                double meanValue = 0;
                for (int s = 0; s < samples; s++) {
                    for (int t = 0; t < m; t++) {
                        objectives[t] = exact[t] ? exactValues[p][t] : posteriors[t].quantile(p, z[s][t]);
                    }
                    double violation = modelViolation ? posteriors[m].quantile(p, z[s][m]) : 0;
                    double value = penalised(weights, objectives, violation);
                    improvement += Math.max(0, best - value);
                    meanValue += value;
                }
                improvement /= samples;
                meanValue /= samples;
                // Where no candidate promises any improvement, the best expected value decides.
                if (pick < 0 || improvement > pickImprovement || improvement == pickImprovement && meanValue < pickMean) {
                    pick = p;
                    pickImprovement = improvement;
                    pickMean = meanValue;
                }
            }
            if (pick < 0) {
                return Optional.empty();
            }
            taken[pick] = true;
            for (GaussianProcess.Posterior posterior : posteriors) {
                if (posterior != null) {
                    posterior.believe(pick);
                }
            }
            proposals.markKnown(pool.get(pick));
            return Optional.of(pool.get(pick));
        }

        /** The scalarised value, or for a violation above 0 one worse than every feasible value (Deb's rule). */
        private double penalised(Scalarization weights, double[] objectives, double violation) {
            double value = weights.value(bounds.scale(objectives));
            return violation > 0 ? Math.max(value, 1 + Scalarization.RHO) + violation : value;
        }
    }

    /**
     * The weights of the next choice: points of Roberts' R-sequence (a Kronecker sequence of the
     * generalised golden ratio) turned into simplex points by sorted spacings, from a random start.
     * Consecutive choices, the slots of a batch among them, so cover the weights evenly instead of
     * by chance clumps, which spreads a batch along the front.
     */
    private Scalarization nextWeights() {
        int m = exact.length;
        if (weightStart == null) {
            weightStart = new double[m - 1];
            for (int j = 0; j < m - 1; j++) {
                weightStart[j] = rng.nextDouble();
            }
        }
        double phi = 2;
        for (int i = 0; i < 50; i++) {
            phi = Math.pow(1 + phi, 1.0 / m);
        }
        double[] u = new double[m + 1];
        for (int j = 0; j < m - 1; j++) {
            double a = Math.pow(1 / phi, j + 1);
            double v = weightStart[j] + weightsDrawn * a;
            u[j + 1] = v - Math.floor(v);
        }
        weightsDrawn++;
        u[m] = 1;
        java.util.Arrays.sort(u, 1, m);
        double[] w = new double[m];
        double sum = 0;
        for (int j = 0; j < m; j++) {
            w[j] = u[j + 1] - u[j];
            sum += w[j];
        }
        for (int j = 0; j < m; j++) {
            w[j] /= sum;
        }
        return new Scalarization(w);
    }

    private double gaussian() {
        // Box-Muller from the strategy's own generator, so the samples repeat for a seed.
        double u = 1 - rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextDouble());
    }

    /** Adds a trial to the elite if it belongs to its first fronts (as {@link ParetoLocalSearch} keeps its own). */
    private void admit(Scored trial) {
        if (ranked != null && ConstrainedRanking.rankAmong(ranked, trial) >= ELITE_FRONTS) {
            return;
        }
        List<Scored> grown = new ArrayList<>(elite);
        grown.add(trial);
        ConstrainedRanking.Ranked all = ConstrainedRanking.rank(grown);
        List<Scored> kept = new ArrayList<>();
        for (int i = 0; i < grown.size(); i++) {
            if (all.rank()[i] < ELITE_FRONTS) {
                kept.add(grown.get(i));
            }
        }
        elite = List.copyOf(kept);
        ranked = ConstrainedRanking.rank(elite);
    }
}
