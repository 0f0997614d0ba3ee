package org.sparknas.search;

import ai.djl.ndarray.NDManager;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.sparknas.config.ConfigException;
import org.sparknas.data.DataSettings;
import org.sparknas.data.ImageSet;
import org.sparknas.eval.EvaluatorProvider;
import org.sparknas.files.DriverHadoop;
import org.sparknas.latency.LookupTableModel;
import org.sparknas.latency.Specialization;
import org.sparknas.latency.StoredArchitecture;
import org.sparknas.space.Architecture;
import org.sparknas.space.OfaSpace;
import org.sparknas.store.RunRecord;
import org.sparknas.store.TrialRecord;
import org.sparknas.store.parquet.ParquetRunSource;
import org.sparknas.store.parquet.ParquetTrialStore;
import org.sparknas.strategy.Constraint;
import org.sparknas.supernet.ElasticSupernet;
import org.sparknas.deploy.SubnetExporter;
import org.sparknas.supernet.SupernetWeights;
import org.sparknas.supernet.TorchLogging;

/**
 * The best stored architecture for a device constraint, without a new search ({@code sparknas
 * specialize}). Reads the trials of stored runs, keeps the successful ones that meet every constraint
 * (table latencies a run did not store are predicted from the configured tables), picks the best by
 * the maximised metric, and can export it as a standalone DJL model ({@code SubnetExporter}). Or,
 * instead of constraints, it picks the stored trial of one given architecture ({@link StoredArchitecture}).
 */
public final class SpecializeJob {

    private final SearchSettings settings;
    private final OfaSpace space;
    private final String output;
    private final List<String> runIds;
    private final Specialization specialization;
    // The stored trials are a few small files: read on this JVM with parquet-hadoop, no Spark session.
    private final Configuration hadoop = DriverHadoop.configuration();

    /**
     * @param output the searches' output root
     * @param runIds the runs to choose from; empty: every run of the configured space under {@code output}
     * @param maximize the metric to maximise among the trials that meet {@code constraints}
     */
    public SpecializeJob(SearchSettings settings, String output, List<String> runIds, List<Constraint> constraints,
                         String maximize) {
        OfaSpace ofa = OfaSpace.require(settings.space(), "specialize exports sub-networks of an OFA supernet");
        this.settings = settings;
        this.space = ofa;
        this.output = output;
        this.runIds = List.copyOf(runIds);
        this.specialization = new Specialization(constraints, maximize);
    }

    public Specialization specialization() {
        return specialization;
    }

    /**
     * The best stored trial that meets the constraints.
     *
     * @param out where runs of another space that are skipped are named
     * @throws ConfigException when no stored trial meets them, naming how many were considered
     */
    public Specialization.Choice choose(PrintWriter out) {
        List<TrialRecord> trials = storedTrials(out);
        LookupTableModel tables = new LookupTableModel(space, settings.latency().tables());
        return specialization.best(trials, tables).orElseThrow(() -> new ConfigException(
                "none of the " + trials.stream().filter(t -> t.trial().isOk()).count() + " stored successful trials meets "
                        + specialization.constraints() + "; relax the constraint or run a search with it"));
    }

    /**
     * The stored trial of exactly the architecture {@code key} (canonicalised, so any spelling of it works).
     *
     * @param out where runs of another space that are skipped are named
     * @throws ConfigException when the key is not one of the space's, or no stored successful trial measured it
     */
    public Specialization.Choice chooseArchitecture(String key, PrintWriter out) {
        if (!specialization.constraints().isEmpty()) {
            throw new ConfigException("an architecture is picked as it is, not under constraints " + specialization.constraints()
                    + "; give either the architecture or the constraints");
        }
        Architecture architecture = parse(key);
        List<TrialRecord> trials = storedTrials(out);
        LookupTableModel tables = new LookupTableModel(space, settings.latency().tables());
        return new StoredArchitecture(architecture, specialization.maximize()).pick(trials, tables)
                .orElseThrow(() -> new ConfigException("architecture " + architecture.key() + " is not among the "
                        + trials.stream().filter(t -> t.trial().isOk()).count() + " stored successful trials of space '"
                        + space.name() + "' under " + output + (runIds.isEmpty() ? "" : " in runs " + runIds)
                        + "; list the fronts with `bin/sparknas report --output " + output + "`"));
    }

    private Architecture parse(String key) {
        try {
            return space.parse(key);
        } catch (IllegalArgumentException e) {
            // the space names the key format when the key's shape is wrong, not when a value is out of range
            String format = e.getMessage().contains(OfaSpace.KEY_FORMAT) ? ""
                    : "; its keys read " + OfaSpace.KEY_FORMAT + ", e.g. " + space.smallest().key();
            throw new ConfigException("architecture '" + key + "' is not one of space '" + space.name() + "': "
                    + e.getMessage() + format, e);
        }
    }

    private List<TrialRecord> storedTrials(PrintWriter out) {
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
    public void export(Specialization.Choice choice, Path directory) {
        String source = settings.supernetWeights();
        EvaluatorProvider.FileReader files = EvaluatorProvider.FileReader.hadoop(hadoop);
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
        provenance.put("specialized-for", choice.criterion());
        // every metric the choice has (stored, or predicted from a latency table), so the export says what it measured
        new java.util.TreeMap<>(choice.metrics()).forEach((metric, value) -> provenance.put(metric, format(value)));
        try (NDManager manager = TorchLogging.pytorch().newBaseManager()) {
            ElasticSupernet supernet = weights.instantiate(manager, space);
            SubnetExporter.export(supernet, t.trial().architecture(), new SubnetExporter.Options(calibration(settings.data()),
                    settings.batchSize(), weights.manifest().normalization(), provenance), directory);
        }
    }

    /** The calibration images the search evaluated with: the same source, sizes and split seed as its evaluator. */
    private static ImageSet calibration(DataSettings data) {
        return data.split().calibration();
    }

    /** A metric as the command prints it and the export's provenance records it: whole numbers without decimals. */
    public static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.4f", v);
    }
}
