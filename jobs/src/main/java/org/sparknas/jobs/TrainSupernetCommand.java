package org.sparknas.jobs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sparknas.train.TrainConfig;
import org.sparknas.train.TrainJob;
import org.sparknas.train.TrainSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sparknas train-supernet}: trains the supernet (every sub-network from the first step, or
 * progressive shrinking; in-place distillation) in this JVM, which may be a Spark driver started
 * by spark-submit; outputs may be local paths or Hadoop URIs. Re-running the same command resumes from the last checkpoint, and
 * does nothing for a finished run.
 */
@Command(name = "train-supernet", mixinStandardHelpOptions = true,
        description = {"Train the weight-sharing supernet (all sub-networks at once or Once-for-All progressive shrinking;"
                + " in-place distillation).",
            "Re-running the same command resumes a killed training from its last checkpoint."})
public final class TrainSupernetCommand implements Callable<Integer> {

    @Option(names = "--config", description = "HOCON configuration (default: ${DEFAULT-VALUE})", defaultValue = "conf/train.conf")
    Path config;

    @Option(names = "--output", description = "Directory for checkpoints, training log and curves: a local path or Hadoop URI")
    String output;

    @Option(names = "--weights", description = "Where the final weights file goes (default: <output>/supernet.weights)")
    String weights;

    @Option(names = "--schedule", description = "all-at-once (every dimension elastic from the first step) or"
            + " progressive (Once-for-All's progressive shrinking); default: the configuration's")
    String schedule;

    @Option(names = "--threads", description = "PyTorch intra-op threads")
    Integer threads;

    @Option(names = "--seed", description = "Seed of initialisation, data order, augmentation and sampling")
    Long seed;

    @Option(names = "--restart", description = "Discard the output's checkpoints and train from scratch")
    boolean restart;

    @Option(names = "--accept-changes", description = "Resume from a checkpoint written with other settings "
            + "(e.g. a lower learning rate after a divergence)")
    boolean acceptChanges;

    @Mixin
    ConfigOverrides sets = new ConfigOverrides();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        TrainSettings settings = TrainConfig.load(config, overrides());
        new TrainJob(settings, System.out).run(new TrainJob.Options(restart, acceptChanges, describe()));
        return Main.EXIT_OK;
    }

    Map<String, String> overrides() {
        Map<String, String> o = sets.overrides();
        put(o, "output", output == null ? null : SearchCommand.quote(output));
        put(o, "weights", weights == null ? null : SearchCommand.quote(weights));
        put(o, "schedule", schedule == null ? null : SearchCommand.quote(schedule));
        put(o, "threads", threads);
        put(o, "seed", seed);
        return o;
    }

    /** The command line as given, for the weights' manifest (how to reproduce them). */
    private String describe() {
        // the parse result's original arguments start with the command's own name
        List<String> words = new ArrayList<>();
        for (String arg : spec.commandLine().getParseResult().originalArgs()) {
            words.add(arg.matches("[A-Za-z0-9_./=:,+-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'");
        }
        return String.join(" ", words);
    }

    private static void put(Map<String, String> o, String key, Object value) {
        if (value != null) {
            o.put(key, value.toString());
        }
    }
}
