package org.sparknas.strategy;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.sparknas.config.Setting;
import org.sparknas.config.SettingGroup;
import org.sparknas.config.StrictConfig;
import org.sparknas.space.Architecture;
import org.sparknas.space.SearchSpace;

/**
 * A REINFORCE controller (Williams 1992; the controller of Zoph and Le's NAS and of MnasNet,
 * without the RNN): a policy over the space's choices, independent softmax logits per dimension,
 * from which candidates are sampled, trained by policy gradient on each told trial's reward.
 *
 * <p>The reward is the MnasNet reward when the goal has one, else ParEGO's augmented Tchebycheff
 * scalarisation ({@link Scalarization}) of the objectives, scaled to [0, 1] by the bounds of
 * everything observed, with a weight vector drawn from the simplex for each candidate when it is
 * proposed. One product of softmaxes cannot cover a whole Pareto front, so the policy is
 * conditioned on that weight vector: with {@code m} objectives it keeps {@code m} logit tables and
 * samples from the softmax of their weighted sum, so a weight near one objective's corner samples
 * near that end of the front (with one objective, or the MnasNet reward, this is the plain policy).
 *
 * <p>Each successful trial makes one REINFORCE step, {@code learningRate * A * grad log p(a | w)},
 * with the advantage {@code A} its reward less an exponential moving baseline (decay
 * {@code baselineDecay}), divided by a moving root mean square of past advantages so that the
 * learning rate means the same for any reward scale; plus {@code entropy} times the gradient of
 * the policy's entropy, which keeps it from collapsing on the first good region. An infeasible trial
 * gets a reward below every feasible one, lower the larger its violation; a failed trial is not
 * seen by the policy. {@code ask(n)} samples n distinct new candidates from the current policy;
 * a draw that is known or breaks a constraint the {@link CostEstimator} can check is redrawn at a
 * rising temperature (the nearest new candidates the policy likes), and after {@code maxTries}
 * such draws a uniform random one is taken. Deterministic for a seed and the told results.
 */
public final class ReinforceSearch extends ProposingStrategy {

    public static final String NAME = "reinforce";

    static final Setting<Double> LEARNING_RATE = Setting.number("learning-rate", 1.0,
            "step size of the policy gradient, per successful trial (advantages are normalised)").positive();
    static final Setting<Double> BASELINE_DECAY = Setting.number("baseline-decay", 0.9,
            "decay of the moving baseline (and of the advantage scale): the weight of the past per trial")
            .check(v -> v >= 0 && v < 1, "in [0, 1)");
    static final Setting<Double> ENTROPY = Setting.number("entropy", 0.05,
            "weight of the entropy bonus, which keeps the policy from collapsing early").atLeast(0);
    static final SettingGroup SETTINGS = StrategySettings.group(NAME,
            "REINFORCE policy gradient, MnasNet reward or scalarised multi-objective", LEARNING_RATE, BASELINE_DECAY,
            ENTROPY, StrategySettings.MAX_TRIES);

    /**
     * @param learningRate  step size of the policy gradient, per successful trial
     * @param baselineDecay decay of the moving baseline and advantage scale, in [0, 1)
     * @param entropy       weight of the entropy bonus
     * @param maxTries      draws per candidate before giving up on the policy (and on a constraint)
     */
    public record Settings(double learningRate, double baselineDecay, double entropy, int maxTries) {

        public static final Settings DEFAULTS = new Settings(StrategySettings.defaultOf(LEARNING_RATE),
                StrategySettings.defaultOf(BASELINE_DECAY), StrategySettings.defaultOf(ENTROPY),
                StrategySettings.defaultOf(StrategySettings.MAX_TRIES));

        static Settings read(StrictConfig c) {
            return new Settings(LEARNING_RATE.read(c), BASELINE_DECAY.read(c), ENTROPY.read(c),
                    StrategySettings.MAX_TRIES.read(c));
        }
    }

    /** Policy draws per candidate before falling back to a uniform one (at most {@code maxTries}). */
    static final int POLICY_TRIES = 200;
    /** Draws at each temperature: after every this many known draws the policy is flattened a step. */
    private static final int TRIES_PER_TEMPERATURE = 16;
    /** How much worse than the worst feasible reward an infeasible trial is, before its violation counts. */
    private static final double INFEASIBLE_PENALTY = 1;

    /** A proposed candidate's weight vector and the choices sampled for it (before canonicalisation). */
    private record Pending(double[] weights, int[] choices) {
    }

    private final Settings settings;
    private final SplittableRandom rng;
    private final Scoring scoring;
    private final OneHot oneHot;
    /** Scalarised objectives: the goal's, or the negated MnasNet reward when it has one. */
    private final int objectives;
    /** Per objective, per dimension, per choice: the logits, combined by a candidate's weights. */
    private final double[][][] logits;
    private final Map<Architecture, Pending> pending = new HashMap<>();
    private final double[] low;
    private final double[] high;
    private boolean observed;
    private double baseline;
    private double meanSquare;
    private long steps;

    public ReinforceSearch(SearchSpace space, Goal goal, CostEstimator estimator, Settings settings, long seed) {
        super(NAME, space, goal, estimator, settings.maxTries());
        this.settings = settings;
        this.rng = new SplittableRandom(seed);
        this.scoring = new Scoring(goal, estimator);
        this.oneHot = new OneHot(space);
        this.objectives = goal.reward().isPresent() || goal.objectives().isEmpty() ? 1 : goal.objectives().size();
        this.logits = new double[objectives][oneHot.dimensions()][];
        for (double[][] table : logits) {
            for (int d = 0; d < table.length; d++) {
                table[d] = new double[oneHot.choices(d)];
            }
        }
        this.low = new double[objectives];
        this.high = new double[objectives];
    }

    ReinforceSearch(StrategyContext context) {
        this(context.space(), context.goal(), context.estimator(), Settings.read(context.config()), context.seed());
    }

    @Override
    protected Optional<Architecture> next() {
        double[] weights = objectives == 1 ? new double[] {1} : Scalarization.random(objectives, rng).weights();
        double[][] z = combined(weights);
        int[][] drawn = new int[1][];
        int[] tries = {0};
        Optional<Architecture> sampled = proposals.tryPropose(() -> {
            double temperature = 1 + (double) (tries[0]++ / TRIES_PER_TEMPERATURE);
            drawn[0] = sample(z, temperature);
            return space.architecture(oneHot.genes(drawn[0]));
        }, Math.min(POLICY_TRIES, settings.maxTries()));
        Optional<Architecture> chosen = sampled.isPresent() ? sampled : proposals.random(rng);
        chosen.ifPresent(a -> pending.put(a, new Pending(weights,
                sampled.isPresent() ? drawn[0] : oneHot.choiceIndices(a))));
        return chosen;
    }

    /** The logits of the policy for {@code weights}: the weighted sum of the objectives' tables. */
    private double[][] combined(double[] weights) {
        double[][] z = new double[oneHot.dimensions()][];
        for (int d = 0; d < z.length; d++) {
            z[d] = new double[oneHot.choices(d)];
            for (int i = 0; i < objectives; i++) {
                for (int c = 0; c < z[d].length; c++) {
                    z[d][c] += weights[i] * logits[i][d][c];
                }
            }
        }
        return z;
    }

    private int[] sample(double[][] z, double temperature) {
        int[] out = new int[z.length];
        for (int d = 0; d < z.length; d++) {
            double[] p = softmax(z[d], temperature);
            double u = rng.nextDouble();
            int c = 0;
            while (c < p.length - 1 && (u -= p[c]) >= 0) {
                c++;
            }
            out[d] = c;
        }
        return out;
    }

    static double[] softmax(double[] z, double temperature) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double[] p = new double[z.length];
        double sum = 0;
        for (int c = 0; c < z.length; c++) {
            p[c] = Math.exp((z[c] - max) / temperature);
            sum += p[c];
        }
        for (int c = 0; c < z.length; c++) {
            p[c] /= sum;
        }
        return p;
    }

    /**
     * The policy's probability of each choice of dimension {@code d} for the weight vector
     * {@code weights} (one per scalarised objective), for tests and reports.
     */
    double[] probabilities(int d, double[] weights) {
        return softmax(combined(weights)[d], 1);
    }

    @Override
    protected void told(Trial trial, long order) {
        Pending p = pending.remove(trial.architecture());
        if (!trial.isOk()) {
            return;
        }
        if (p == null) {
            // Told a trial it never proposed (e.g. one evaluated before this strategy ran): learn from it at equal weights.
            double[] equal = new double[objectives];
            Arrays.fill(equal, 1.0 / objectives);
            p = new Pending(equal, oneHot.choiceIndices(trial.architecture()));
        }
        Scored scored = scoring.score(trial, order);
        double[] objective = objectives == 1 && scoring.goal().reward().isPresent() ? new double[] {-scored.fitness()}
                : scored.objectives();
        double reward = reward(objective, scored.violation(), p.weights());
        step(p, reward);
    }

    /**
     * Minus the scalarised objectives scaled by the bounds of the feasible trials seen so far,
     * so in [-(1 + rho), 0]; an infeasible trial gets less than any feasible one, lower the larger
     * its violation, and does not move the bounds.
     */
    private double reward(double[] objective, double violation, double[] weights) {
        if (violation > 0) {
            return -(1 + Scalarization.RHO) - INFEASIBLE_PENALTY - violation / (1 + violation);
        }
        for (int i = 0; i < objectives; i++) {
            low[i] = observed ? Math.min(low[i], objective[i]) : objective[i];
            high[i] = observed ? Math.max(high[i], objective[i]) : objective[i];
        }
        observed = true;
        double[] scaled = new Scalarization.Bounds(low, high).scale(objective);
        return -new Scalarization(weights).value(scaled);
    }

    /** One REINFORCE step on one trial, then the baseline and advantage scale move towards it. */
    private void step(Pending p, double reward) {
        double advantage = steps == 0 ? 0 : reward - baseline;
        double decay = settings.baselineDecay();
        if (steps > 0) {
            meanSquare = steps == 1 ? advantage * advantage : decay * meanSquare + (1 - decay) * advantage * advantage;
        }
        double normalised = meanSquare > 0 ? advantage / Math.sqrt(meanSquare) : 0;
        baseline = steps == 0 ? reward : decay * baseline + (1 - decay) * reward;
        steps++;
        double[][] z = combined(p.weights());
        for (int d = 0; d < z.length; d++) {
            double[] prob = softmax(z[d], 1);
            double entropy = 0;
            for (double q : prob) {
                entropy -= q > 0 ? q * Math.log(q) : 0;
            }
            for (int c = 0; c < prob.length; c++) {
                double logGrad = (c == p.choices()[d] ? 1 : 0) - prob[c];
                double entropyGrad = prob[c] > 0 ? -prob[c] * (Math.log(prob[c]) + entropy) : 0;
                double g = settings.learningRate() * (normalised * logGrad + settings.entropy() * entropyGrad);
                for (int i = 0; i < objectives; i++) {
                    logits[i][d][c] += p.weights()[i] * g;
                }
            }
        }
    }
}
