package org.sparknas.deploy;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.translate.NoopTranslator;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.sparknas.config.ConfigException;
import org.sparknas.data.ImageSet;
import org.sparknas.space.Architecture;
import org.sparknas.space.Fingerprints;
import org.sparknas.space.InvalidArchitectureException;
import org.sparknas.space.OfaSpace;
import org.sparknas.supernet.ImageTensors;
import org.sparknas.supernet.InputNormalization;
import org.sparknas.supernet.NoGrad;
import org.sparknas.supernet.NormalizationCodec;
import org.sparknas.supernet.SpaceCodec;
import org.sparknas.supernet.StaticSubnet;

/**
 * A sub-network exported by {@link SubnetExporter}, loaded back as a DJL {@link Model} of
 * {@link StaticSubnet} layers. Run it through {@link #classify}, {@link #logits}, or a standard DJL
 * {@link #newPredictor() predictor} on normalised {@code [n, c, h, w]} images.
 */
public final class ExportedSubnet implements AutoCloseable {

    private final Path directory;
    private final Config manifest;
    private final OfaSpace space;
    private final Architecture architecture;
    private final InputNormalization normalization;
    private final Model model;
    private final StaticSubnet network;

    private ExportedSubnet(Path directory, Config manifest, OfaSpace space, Architecture architecture,
                           InputNormalization normalization, Model model, StaticSubnet network) {
        this.directory = directory;
        this.manifest = manifest;
        this.space = space;
        this.architecture = architecture;
        this.normalization = normalization;
        this.model = model;
        this.network = network;
    }

    public static ExportedSubnet load(Path directory) {
        return load(directory, Device.cpu());
    }

    /**
     * @throws ConfigException when the directory is not an export, its manifest is invalid, or the
     *                         parameter file does not match its checksum
     */
    public static ExportedSubnet load(Path directory, Device device) {
        Path manifestFile = directory.resolve(SubnetExporter.MANIFEST);
        if (!Files.isRegularFile(manifestFile)) {
            throw new ConfigException(directory + " is not an exported sub-network: " + SubnetExporter.MANIFEST + " is missing");
        }
        Config manifest;
        OfaSpace space;
        Architecture architecture;
        InputNormalization normalization;
        Path params;
        try {
            manifest = ConfigFactory.parseFile(manifestFile.toFile(), ConfigParseOptions.defaults().setSyntax(ConfigSyntax.JSON));
            int version = manifest.getInt("version");
            if (!SubnetExporter.FORMAT.equals(manifest.getString("format")) || version < 1 || version > SubnetExporter.VERSION) {
                throw new ConfigException(manifestFile + " is not a " + SubnetExporter.FORMAT + " manifest of version 1 to "
                        + SubnetExporter.VERSION + "; an export of a newer sparknas needs that version to load it");
            }
            space = SpaceCodec.fromConfig(manifest.getConfig("space"), manifestFile.toString());
            if (!space.fingerprint().equals(manifest.getString("space-fingerprint"))) {
                throw new ConfigException(manifestFile + ": space-fingerprint does not match its space definition");
            }
            architecture = space.parse(manifest.getString("architecture"));
            normalization = NormalizationCodec.fromConfig(manifest.getConfig("input"), manifestFile + ": input");
            if (normalization.channels() != space.inputChannels()) {
                throw new ConfigException(manifestFile + ": the input normalisation has " + normalization.channels()
                        + " channel(s) but the space has input-channels = " + space.inputChannels());
            }
            params = directory.resolve(manifest.getString("parameter-file"));
            String sha = Fingerprints.sha256(Files.readAllBytes(params));
            if (!sha.equals(manifest.getString("parameter-sha256"))) {
                throw new ConfigException(params + " is corrupt: checksum mismatch, the file has SHA-256 " + sha
                        + " but " + manifestFile + " says " + manifest.getString("parameter-sha256"));
            }
        } catch (com.typesafe.config.ConfigException | InvalidArchitectureException e) {
            throw new ConfigException(manifestFile + " is invalid: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new ConfigException("cannot read the exported sub-network in " + directory + ": " + e, e);
        }
        StaticSubnet network = StaticSubnet.build(space.shape(architecture));
        Model model = Model.newInstance(SubnetExporter.MODEL_NAME, device, "PyTorch");
        try {
            model.setBlock(network.block());
            model.load(directory, SubnetExporter.MODEL_NAME);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw new ConfigException("cannot load " + params + " as the network of " + architecture.key() + ": "
                    + e.getMessage(), e);
        }
        return new ExportedSubnet(directory, manifest, space, architecture, normalization, model, network);
    }

    public Path directory() {
        return directory;
    }

    /**
     * The ONNX file of {@code precision} ({@code fp32} or {@code int8}), its checksum verified.
     *
     * @throws ConfigException when the export has no such file (exports before version 2) or the
     *                         file does not match the manifest's SHA-256
     */
    public Path onnxModel(String precision) {
        String key = "onnx." + precision;
        if (!manifest.hasPath(key)) {
            throw new ConfigException(directory + " has no " + precision + " ONNX model"
                    + (manifest.hasPath("onnx") ? "; it has " + manifest.getConfig("onnx").root().keySet()
                    : ": it was exported before sparknas wrote ONNX; export it again with `sparknas specialize --export`"));
        }
        Path file = directory.resolve(manifest.getString(key + ".file"));
        try {
            String sha = Fingerprints.sha256(Files.readAllBytes(file));
            if (!sha.equals(manifest.getString(key + ".sha256"))) {
                throw new ConfigException(file + " is corrupt: checksum mismatch, the file has SHA-256 " + sha + " but "
                        + directory.resolve(SubnetExporter.MANIFEST) + " says " + manifest.getString(key + ".sha256"));
            }
        } catch (IOException e) {
            throw new ConfigException("cannot read " + file + ": " + e, e);
        }
        return file;
    }

    public OfaSpace space() {
        return space;
    }

    public Architecture architecture() {
        return architecture;
    }

    public InputNormalization normalization() {
        return normalization;
    }

    public Model model() {
        return model;
    }

    /** Logits for normalised images {@code [n, c, h, w]} (any size; resized to the architecture's resolution). */
    @SuppressWarnings("try") // resources held open for their scope (grad mode, NDScope)
    public NDArray logits(NDArray images) {
        try (NoGrad ignored = NoGrad.enter()) {
            return network.forward(images);
        }
    }

    /** The predicted class of every image, in batches of {@code batchSize}. */
    @SuppressWarnings("try") // resources held open for their scope (grad mode, NDScope)
    public int[] classify(ImageSet images, int batchSize) {
        int[] classes = new int[images.count()];
        try (NoGrad ignored = NoGrad.enter()) {
            for (int from = 0; from < images.count(); from += batchSize) {
                int count = Math.min(batchSize, images.count() - from);
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    NDArray batch = ImageTensors.batch(model.getNDManager(), images, from, count, normalization);
                    long[] predicted = network.forward(batch).argMax(1).toLongArray();
                    for (int i = 0; i < count; i++) {
                        classes[from + i] = (int) predicted[i];
                    }
                }
            }
        }
        return classes;
    }

    /** A standard DJL predictor: input {@code NDList} of normalised images, output {@code NDList} of logits. */
    public Predictor<NDList, NDList> newPredictor() {
        return model.newPredictor(new NoopTranslator());
    }

    @Override
    public void close() {
        model.close();
    }
}
