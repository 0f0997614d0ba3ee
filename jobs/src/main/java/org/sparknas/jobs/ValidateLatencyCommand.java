package org.sparknas.jobs;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.sparknas.config.ConfigException;
import org.sparknas.latency.LatencyEngine;
import org.sparknas.latency.LatencyTable;
import org.sparknas.latency.LatencyTableCsv;
import org.sparknas.latency.TableValidation;
import org.sparknas.latency.ort.OrtNetworkTimer;
import org.sparknas.space.OfaSpace;
import org.sparknas.supernet.ComputeDevice;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sparknas validate-latency}: a benchmark of a lookup table against this machine. For N random
 * sub-networks it prints the table's prediction and the measured end-to-end latency, then Kendall's
 * tau, Pearson's r and the mean absolute percentage error.
 */
@Command(name = "validate-latency", mixinStandardHelpOptions = true,
        description = {"Compare a latency table's predictions with end-to-end latency measured on this machine",
            "for random sub-networks: Kendall tau, Pearson r, MAPE. Run it on the device the table was made on.",
            "The table's engine (its '# engine' line) runs the networks: DJL, or ONNX Runtime for --engine onnxruntime tables."})
public final class ValidateLatencyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--space", description = "Space definition (default: ${DEFAULT-VALUE})",
            defaultValue = "conf/spaces/ofa-fmnist.conf")
    Path space;

    @Option(names = "--table", description = "Latency table CSV (default: ${DEFAULT-VALUE})", defaultValue = "conf/latency/cpu.csv")
    Path table;

    @Option(names = "--count", description = "Random sub-networks (default: ${DEFAULT-VALUE})", defaultValue = "50")
    int count;

    @Option(names = "--seed", description = "Seed of the sample (default: ${DEFAULT-VALUE})", defaultValue = "1")
    long seed;

    @Option(names = "--batch", description = "Batch size, one the table has (default: ${DEFAULT-VALUE})", defaultValue = "1")
    int batch;

    @Option(names = "--warmup", description = "Untimed runs per sub-network (default: ${DEFAULT-VALUE})", defaultValue = "10")
    int warmup;

    @Option(names = "--repeats", description = "Timed runs per sub-network and round (default: ${DEFAULT-VALUE})",
            defaultValue = "20")
    int repeats;

    @Option(names = "--rounds", description = "Rounds over the sample; each sub-network keeps the median of its rounds"
            + " (default: ${DEFAULT-VALUE})", defaultValue = "5")
    int rounds;

    @Option(names = "--compute-device", description = "cpu or gpu:N (default: ${DEFAULT-VALUE})", defaultValue = "cpu")
    String computeDevice;

    @Override
    public Integer call() {
        OfaSpace ofa = ProfileLatencyCommand.ofaSpace(space);
        LatencyTable lookup;
        try {
            lookup = LatencyTableCsv.read(Files.readAllBytes(table), table.toString()).requireFor(ofa, table.toString());
        } catch (IOException e) {
            throw new ConfigException("cannot read latency table " + table + ": " + e.getMessage(), e);
        }
        ComputeDevice device;
        try {
            device = ComputeDevice.parse(computeDevice);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("--compute-device: " + e.getMessage(), e);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf("table %s (device %s, %s, %d thread(s), %s), batch %d, %d random sub-networks (seed %d), %d round(s) of"
                + " %d warm-up + %d timed runs each%n", table, lookup.device(), lookup.info().engine(), lookup.info().threads(),
                lookup.info().hardware(),
                batch, count, seed, rounds, warmup, repeats);
        out.println("arch_key,predicted_ms,measured_ms,raw_measured_ms");
        out.flush();
        TableValidation validation = new TableValidation(count, seed, batch, warmup, repeats, rounds);
        Consumer<TableValidation.Point> progress = p -> {
            out.printf(Locale.ROOT, "%s,%.4f,%.4f,%.4f%n", p.archKey(), p.predictedMs(), p.measuredMs(), p.rawMs());
            out.flush();
        };
        TableValidation.Result result;
        if (LatencyEngine.of(lookup.info()) == LatencyEngine.ONNX_RUNTIME) {
            if (device.isGpu()) {
                throw new ConfigException("table " + table + " was measured with " + lookup.info().engine() + ", which runs"
                        + " on the CPU; drop --compute-device " + computeDevice);
            }
            try (OrtNetworkTimer timer = new OrtNetworkTimer(ofa, batch, lookup.info().threads(), warmup, repeats)) {
                result = validation.run(ofa, lookup, timer, progress);
            }
        } else {
            result = validation.run(ofa, lookup, device, progress);
        }
        out.printf(Locale.ROOT, "Kendall tau = %.3f%nPearson r = %.3f%nMAPE = %.1f%%%n", result.agreement().kendallTau(),
                result.agreement().pearsonR(), 100 * result.agreement().mape());
        out.printf(Locale.ROOT, "(against the raw medians, without the speed reference: tau %.3f, r %.3f, MAPE %.1f%%)%n",
                result.rawAgreement().kendallTau(), result.rawAgreement().pearsonR(), 100 * result.rawAgreement().mape());
        out.flush();
        return Main.EXIT_OK;
    }
}
