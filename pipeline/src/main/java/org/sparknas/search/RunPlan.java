package org.sparknas.search;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.sparknas.config.ConfigException;
import org.sparknas.space.Fingerprints;
import org.sparknas.space.SearchSpace;
import org.sparknas.store.RunRecord;
import org.sparknas.store.RunStatus;
import org.sparknas.store.parquet.ParquetTrialStore;
import org.sparknas.strategy.Constraint;
import org.sparknas.strategy.Goal;
import org.sparknas.strategy.Objective;

/**
 * Everything that identifies one run: its id, and the settings that decide its trajectory (the
 * space, strategy and its settings, seed, goal, generation size, fidelity, data split, supernet
 * weights). Their digest is stored in the run catalog; a resume under other settings is refused,
 * because it could not reproduce the run.
 *
 * @param evaluationFingerprint how trials are measured besides weights, architecture and fidelity
 *                   ({@link EvaluationFingerprint}): trials of other runs are reused only for the same one.
 *                   Not in the trajectory, so that the derived ids of earlier runs stay the same
 * @param trajectory the trajectory-deciding settings, flat, as text
 */
public record RunPlan(String runId, String output, SearchSpace space, Goal goal, String strategy, int generationSize,
                      int generations, int fidelity, long seed, String modelChecksum, String evaluationFingerprint,
                      Map<String, String> trajectory, String configJson, String sparkMaster) {

    public RunPlan {
        trajectory = Map.copyOf(new TreeMap<>(trajectory));
    }

    /** The settings of {@code s} that decide the trajectory, with the model checksum. */
    public static Map<String, String> trajectoryOf(SearchSettings s, String modelChecksum) {
        Map<String, String> t = new TreeMap<>();
        t.put("space.fingerprint", s.space().fingerprint());
        t.put("search.strategy", s.strategy());
        t.put("strategy.settings", s.strategyConfig().raw().root()
                .render(com.typesafe.config.ConfigRenderOptions.concise()));
        // The key keeps the name search.generation-size had before its rename: it is part of the digest, so
        // derived run ids, and the resume of runs stored before the rename, stay the same.
        t.put("search.population", Integer.toString(s.generationSize()));
        t.put("search.fidelity", Integer.toString(s.fidelity()));
        t.put("search.seed", Long.toString(s.seed()));
        t.put("search.objectives", s.goal().objectives().toString());
        t.put("search.constraints", s.goal().constraints().toString());
        t.put("search.reward", s.goal().reward().map(Object::toString).orElse("none"));
        t.put("data", s.data().toString());
        t.put("evaluation.batch-size", Integer.toString(s.batchSize()));
        t.put("supernet.sha256", modelChecksum);
        return t;
    }

    public static String digest(Map<String, String> trajectory) {
        StringBuilder text = new StringBuilder();
        new TreeMap<>(trajectory).forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        return Fingerprints.sha256(text.toString());
    }

    public String configDigest() {
        return digest(trajectory);
    }

    RunRecord newRunRecord(Instant now) {
        return new RunRecord(runId, ParquetTrialStore.SCHEMA_VERSION, configJson, configDigest(), modelChecksum,
                space.name(), space.fingerprint(), seed, strategy,
                goal.objectives().stream().map(Objective::toString).toList(),
                goal.constraints().stream().map(Constraint::toString).toList(), generationSize, fidelity, RunStatus.RUNNING,
                now, null, now, generations, 0, 0, 0, 0, 0, sparkMaster, null).withEvaluationFingerprint(evaluationFingerprint);
    }

    /** Refuses to continue a stored run whose trajectory settings differ from these, naming what differs. */
    void checkResumable(RunRecord stored) {
        // A row of an earlier version records no evaluation fingerprint: its config digest is all there is to compare.
        boolean sameEvaluation = stored.evaluationFingerprint() == null
                || stored.evaluationFingerprint().equals(evaluationFingerprint);
        if (stored.configDigest().equals(configDigest()) && sameEvaluation) {
            return;
        }
        List<String> differences = new java.util.ArrayList<>();
        if (!stored.strategy().equals(strategy)) {
            differences.add("strategy " + stored.strategy() + " -> " + strategy);
        }
        if (stored.seed() != seed) {
            differences.add("seed " + stored.seed() + " -> " + seed);
        }
        if (stored.population() != generationSize) {
            differences.add("generation size " + stored.population() + " -> " + generationSize);
        }
        if (stored.fidelity() != fidelity) {
            differences.add("fidelity " + stored.fidelity() + " -> " + fidelity);
        }
        List<String> objectives = goal.objectives().stream().map(Objective::toString).toList();
        if (!stored.objectives().equals(objectives)) {
            differences.add("objectives " + stored.objectives() + " -> " + objectives);
        }
        List<String> constraints = goal.constraints().stream().map(Constraint::toString).toList();
        if (!stored.constraints().equals(constraints)) {
            differences.add("constraints " + stored.constraints() + " -> " + constraints);
        }
        if (stored.supernetSha256() != null && !stored.supernetSha256().equals(modelChecksum)) {
            differences.add("supernet weights " + abbreviate(stored.supernetSha256()) + " -> " + abbreviate(modelChecksum));
        }
        if (!stored.spaceFingerprint().equals(space.fingerprint())) {
            differences.add("search space " + stored.spaceName() + " -> " + space.name());
        }
        if (!sameEvaluation) {
            // the digest covers the data and the batch size, not the evaluator provider or the evaluation's version
            differences.add("how trials are measured (evaluator, images, data split, evaluation batch size or the"
                    + " evaluation's version)");
        }
        if (differences.isEmpty()) {
            differences.add("strategy settings, data split or evaluation batch size");
        }
        throw new ConfigException("run '" + runId + "' was started with other settings (" + String.join("; ", differences)
                + "), so it cannot be resumed exactly. Re-run with the settings it was started with, or give a new --run-id");
    }

    private static String abbreviate(String sha) {
        return sha.length() > 12 ? sha.substring(0, 12) : sha;
    }
}
