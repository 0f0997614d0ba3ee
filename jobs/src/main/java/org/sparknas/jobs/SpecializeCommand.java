package org.sparknas.jobs;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.sparknas.config.ConfigException;
import org.sparknas.deploy.SubnetExporter;
import org.sparknas.latency.Specialization;
import org.sparknas.search.SearchSettings;
import org.sparknas.search.SpecializeJob;
import org.sparknas.store.TrialRecord;
import org.sparknas.strategy.Constraint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code sparknas specialize}: the best stored architecture for a device constraint, without a new
 * search ({@link SpecializeJob}), or the stored trial of one given architecture (the command a report's
 * Pareto front shows), printed, and with {@code --export} written as ONNX models (fp32 and int8) and a DJL model.
 */
@Command(name = "specialize", mixinStandardHelpOptions = true,
        description = {"Pick the most accurate stored architecture that meets device constraints",
            "(no new search), e.g. --constraint \"latency_cpu_b1 <= 3\", or the stored trial",
            "of one --architecture, and optionally export it as ONNX (fp32 and int8) and a DJL model."})
public final class SpecializeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--config", description = "Search configuration: space, latency tables, supernet, data"
            + " (default: ${DEFAULT-VALUE})", defaultValue = "conf/search.conf")
    Path config;

    @Option(names = "--output", required = true, description = "Output root of the searches (their --output)")
    String output;

    @Option(names = "--run-id", description = "A run to choose from (repeat; default: every run of this space under --output)")
    List<String> runIds = List.of();

    @Option(names = "--constraint", description = "A constraint, e.g. \"latency_cpu_b1 <= 3\" or \"macs <= 2e6\" (repeat)")
    List<String> constraints = List.of();

    @Option(names = "--architecture", paramLabel = "KEY", description = "Instead of constraints: the stored trial of this"
            + " architecture key (any spelling of it; of several, the highest fidelity, then the best --maximize metric)")
    String architecture;

    @Option(names = "--maximize", description = "The metric to maximise (default: ${DEFAULT-VALUE})", defaultValue = "accuracy")
    String maximize;

    @Option(names = "--export", description = "Directory to export the chosen sub-network into (needs the trained supernet"
            + " the trial was measured with)")
    Path export;

    @Mixin
    ConfigOverrides sets = new ConfigOverrides();

    @Override
    public Integer call() {
        if (architecture != null && !constraints.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--architecture picks that stored architecture as it is, so it"
                    + " takes no --constraint; drop the constraints, or drop --architecture to pick the best trial that meets them");
        }
        SearchSettings settings = SearchSettings.load(config, sets.overrides());
        SpecializeJob job = new SpecializeJob(settings, output, runIds, parse(constraints), maximize);
        Specialization specialization = job.specialization();
        PrintWriter out = spec.commandLine().getOut();
        Specialization.Choice choice;
        if (architecture == null) {
            choice = job.choose(out);
            TrialRecord t = choice.trial();
            out.printf("best of %d stored trials (%d meet %s): run %s, trial %d%n", choice.candidates(), choice.feasible(),
                    specialization.constraints(), t.runId(), t.trialId());
        } else {
            choice = job.chooseArchitecture(architecture, out);
            TrialRecord t = choice.trial();
            out.printf("stored trial of architecture %s: run %s, trial %d (fidelity %d; %d stored measurements of it)%n",
                    t.archKey(), t.runId(), t.trialId(), t.trial().fidelity(), choice.feasible());
        }
        TrialRecord t = choice.trial();
        out.println("  architecture " + t.archKey());
        new TreeMap<>(choice.metrics()).forEach((k, v) -> out.printf(Locale.ROOT, "  %s = %s%n", k, SpecializeJob.format(v)));
        if (export != null) {
            job.export(choice, export);
            out.println("exported to " + export + ": " + SubnetExporter.MANIFEST + " (manifest), " + SubnetExporter.ONNX_FP32
                    + " and " + SubnetExporter.ONNX_INT8 + " (ONNX, for ONNX Runtime or DJL), " + SubnetExporter.MODEL_NAME
                    + "-0000.params (DJL)");
        }
        out.flush();
        return Main.EXIT_OK;
    }

    private static List<Constraint> parse(List<String> texts) {
        List<Constraint> parsed = new ArrayList<>();
        for (String text : texts) {
            try {
                parsed.add(Constraint.parse(text));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("--constraint: " + e.getMessage(), e);
            }
        }
        return parsed;
    }
}
