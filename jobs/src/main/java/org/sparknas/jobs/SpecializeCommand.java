package org.sparknas.jobs;

import ai.djl.ndarray.NDManager;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.sparknas.config.ConfigException;
import org.sparknas.data.DataSettings;
import org.sparknas.data.ImageSet;
import org.sparknas.latency.LookupTableModel;
import org.sparknas.latency.Specialization;
import org.sparknas.search.SearchSettings;
import org.sparknas.space.OfaSpace;
import org.sparknas.spark.DriverHadoop;
import org.sparknas.spark.HadoopFileReader;
import org.sparknas.spark.ParquetRunSource;
import org.sparknas.spark.ParquetTrialStore;
import org.sparknas.store.RunRecord;
import org.sparknas.store.TrialRecord;
import org.sparknas.strategy.Constraint;
import org.sparknas.supernet.ElasticSupernet;
import org.sparknas.supernet.SubnetExporter;
import org.sparknas.supernet.SupernetWeights;
import org.sparknas.supernet.TorchLogging;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sparknas specialize}: the best stored architecture for a device constraint, without a new
 * search. Reads the trials of stored runs, keeps the successful ones that meet every constraint
 * (table latencies a run did not store are predicted from the configured tables), picks the highest
 * accuracy, and, with {@code --export}, writes it as a standalone DJL model ({@code SubnetExporter}).
 */
@Command(name = "specialize", mixinStandardHelpOptions = true,
        description = {"Pick the most accurate stored architecture that meets device constraints (no new search),",
            "e.g. --constraint \"latency_cpu_b1 <= 3\", and optionally export it as a standalone DJL model."})
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

    @Option(names = "--maximize", description = "The metric to maximise (default: ${DEFAULT-VALUE})", defaultValue = "accuracy")
    String maximize;

    @Option(names = "--export", description = "Directory to export the chosen sub-network into (needs the trained supernet"
            + " the trial was measured with)")
    Path export;

    @Mixin
    ConfigOverrides sets = new ConfigOverrides();

    @Override
    public Integer call() {
        SearchSettings settings = SearchSettings.load(config, sets.overrides());
        if (!(settings.space() instanceof OfaSpace space)) {
            throw new ConfigException("space '" + settings.space().name() + "' is not an Once-for-All space; specialize"
                    + " exports sub-networks of an OFA supernet");
        }
        Specialization specialization = new Specialization(parse(constraints), maximize);
        PrintWriter out = spec.commandLine().getOut();
        // The stored trials are a few small files: read on this JVM with parquet-hadoop, no Spark session.
        Configuration hadoop = DriverHadoop.configuration();
        List<TrialRecord> trials = storedTrials(hadoop, space, out);
        LookupTableModel tables = new LookupTableModel(space, settings.latency().tables());
        Specialization.Choice choice = specialization.best(trials, tables).orElseThrow(() -> new ConfigException(
                "none of the " + trials.stream().filter(t -> t.trial().isOk()).count() + " stored successful trials meets "
                        + specialization.constraints() + "; relax the constraint or run a search with it"));
        TrialRecord t = choice.trial();
        out.printf("best of %d stored trials (%d meet %s): run %s, trial %d%n", choice.candidates(), choice.feasible(),
                specialization.constraints(), t.runId(), t.trialId());
        out.println("  architecture " + t.archKey());
        new TreeMap<>(choice.metrics()).forEach((k, v) -> out.printf(Locale.ROOT, "  %s = %s%n", k, format(v)));
        if (export != null) {
            exportTo(hadoop, settings, space, choice, specialization);
            out.println("exported to " + export);
        }
        out.flush();
        return Main.EXIT_OK;
    }

    private List<TrialRecord> storedTrials(Configuration hadoop, OfaSpace space, PrintWriter out) {
        List<RunRecord> runs = new ParquetRunSource(hadoop, output).runs();
        List<String> known = runs.stream().map(RunRecord::runId).toList();
        for (String id : runIds) {
            if (!known.contains(id)) {
                throw new ConfigException("run '" + id + "' is not stored under " + output + "; stored runs: " + known);
            }
        }
        ParquetTrialStore store = new ParquetTrialStore(hadoop, output, space, Set.of());
        List<TrialRecord> trials = new ArrayList<>();
        for (RunRecord run : runs) {
            if (!runIds.isEmpty() && !runIds.contains(run.runId())) {
                continue;
            }
            if (!run.spaceFingerprint().equals(space.fingerprint())) {
                if (!runIds.isEmpty()) {
                    throw new ConfigException("run '" + run.runId() + "' searched space '" + run.spaceName() + "', not the"
                            + " configured space '" + space.name() + "'; give the configuration it was run with (--config)");
                }
                out.println("skipping run " + run.runId() + ": another space (" + run.spaceName() + ")");
                continue;
            }
            trials.addAll(store.trials(run.runId()));
        }
        if (trials.isEmpty()) {
            throw new ConfigException("no stored trial of space '" + space.name() + "' under " + output
                    + (runIds.isEmpty() ? "" : " in runs " + runIds) + "; run `sparknas search --output " + output + "` first");
        }
        return trials;
    }

    /** Exports with the supernet the trial was measured with, re-calibrating BatchNorm on the search's calibration images. */
    private void exportTo(Configuration hadoop, SearchSettings settings, OfaSpace space, Specialization.Choice choice,
                          Specialization s) {
        String source = settings.supernetWeights();
        HadoopFileReader files = new HadoopFileReader(hadoop);
        if (!files.exists(source)) {
            throw new ConfigException("supernet.weights '" + source + "' does not exist; exporting needs the trained supernet"
                    + " the trial was measured with");
        }
        SupernetWeights weights = SupernetWeights.parse(files.read(source), source).requireSpace(space);
        TrialRecord t = choice.trial();
        if (t.supernetSha256() != null && !t.supernetSha256().equals(weights.checksum())) {
            throw new ConfigException("trial " + t.trialId() + " of run " + t.runId() + " was measured with supernet sha256 "
                    + t.supernetSha256() + ", but " + source + " is " + weights.checksum() + "; point supernet.weights to the"
                    + " weights of that search");
        }
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("supernet-sha256", weights.checksum());
        provenance.put("search-run", t.runId());
        provenance.put("trial-id", Long.toString(t.trialId()));
        provenance.put("specialized-for", s.constraints().toString());
        provenance.put(s.maximize(), format(choice.metrics().get(s.maximize())));
        try (NDManager manager = TorchLogging.pytorch().newBaseManager()) {
            ElasticSupernet supernet = weights.instantiate(manager);
            SubnetExporter.export(supernet, t.trial().architecture(), new SubnetExporter.Options(calibration(settings.data()),
                    settings.batchSize(), weights.manifest().normalization(), provenance), export);
        }
    }

    /** The calibration images the search evaluated with: the same source, sizes and split seed as its evaluator. */
    private static ImageSet calibration(DataSettings data) {
        return data.split().calibration();
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

    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.4f", v);
    }
}
