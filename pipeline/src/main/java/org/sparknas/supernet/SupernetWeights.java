package org.sparknas.supernet;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.sparknas.config.ConfigException;
import org.sparknas.files.WholeFiles;
import org.sparknas.space.Fingerprints;
import org.sparknas.space.OfaSpace;

/**
 * A supernet weights file: what training writes, what the search driver reads once and broadcasts
 * as bytes, and what each executor loads its supernet from.
 *
 * <pre>
 * "SPARKNAS-SUPERNET\n"  18 bytes, ASCII
 * int32                  manifest length M (big-endian)
 * M bytes                manifest, UTF-8 JSON ({@link WeightsManifest})
 * int64                  parameter length P
 * P bytes                DJL's parameter stream of {@link ElasticSupernet} (Block.saveParameters)
 * </pre>
 *
 * Parsing checks everything that does not need the engine (magic, lengths, manifest, space
 * fingerprint, SHA-256), so that the driver refuses a bad file before any Spark job; loading into a
 * supernet then checks every parameter's name and shape. Every failure is a {@link ConfigException}
 * that names the file and the mismatch.
 */
public final class SupernetWeights {

    static final byte[] MAGIC = "SPARKNAS-SUPERNET\n".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_MANIFEST = 16 << 20;

    private final String source;
    private final WeightsManifest manifest;
    private final byte[] parameterBytes;

    private SupernetWeights(String source, WeightsManifest manifest, byte[] parameterBytes) {
        this.source = source;
        this.manifest = manifest;
        this.parameterBytes = parameterBytes;
    }

    /** Serialises the supernet's current parameters (all of them, running statistics included). */
    public static byte[] encode(ElasticSupernet supernet, InputNormalization normalization, TrainingInfo training) {
        try {
            ByteArrayOutputStream params = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(params)) {
                supernet.saveParameters(out);
            }
            byte[] parameters = params.toByteArray();
            List<WeightsManifest.ParameterShape> shapes = new ArrayList<>();
            for (Pair<String, Parameter> p : supernet.getDirectParameters()) {
                shapes.add(new WeightsManifest.ParameterShape(p.getKey(), boxed(p.getValue().getArray().getShape())));
            }
            OfaSpace space = supernet.space();
            WeightsManifest manifest = new WeightsManifest(WeightsManifest.VERSION, space, space.fingerprint(), shapes,
                    parameters.length, Fingerprints.sha256(parameters), normalization, training);
            return assemble(manifest, parameters);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise the supernet's parameters", e);
        }
    }

    /**
     * This file with another training record and the very same parameter bytes (so the same
     * {@link #checksum()}, which identifies the supernet in stored trials), e.g. re-measured accuracies.
     */
    public byte[] withTraining(TrainingInfo training) {
        WeightsManifest m = manifest;
        try {
            return assemble(new WeightsManifest(m.version(), m.space(), m.spaceFingerprint(), m.parameters(),
                    m.parameterBytes(), m.parameterSha256(), m.normalization(), training), parameterBytes);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise " + source, e);
        }
    }

    private static byte[] assemble(WeightsManifest manifest, byte[] parameters) throws IOException {
        byte[] json = manifest.toJson().getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream file = new ByteArrayOutputStream(MAGIC.length + 12 + json.length + parameters.length);
        try (DataOutputStream out = new DataOutputStream(file)) {
            out.write(MAGIC);
            out.writeInt(json.length);
            out.write(json);
            out.writeLong(parameters.length);
            out.write(parameters);
        }
        return file.toByteArray();
    }

    /** Writes the file atomically (see {@link WholeFiles#write(Path, byte[])}). */
    public static void save(ElasticSupernet supernet, InputNormalization normalization, TrainingInfo training, Path file) {
        WholeFiles.write(file, encode(supernet, normalization, training));
    }

    public static SupernetWeights read(Path file) {
        try {
            return parse(Files.readAllBytes(file), file.toString());
        } catch (NoSuchFileException e) {
            throw new ConfigException("supernet weights file " + file + " does not exist", e);
        } catch (IOException e) {
            throw new ConfigException("cannot read supernet weights file " + file + ": " + e, e);
        }
    }

    /**
     * Checks and splits the bytes of a weights file (e.g. a broadcast copy).
     *
     * @param source where the bytes came from, named in every error
     */
    public static SupernetWeights parse(byte[] bytes, String source) {
        if (bytes.length < MAGIC.length || !Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) {
            throw new ConfigException(source + " is not a sparknas supernet weights file (it does not start with "
                    + "'SPARKNAS-SUPERNET'); write one with train-supernet");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        in.position(MAGIC.length);
        if (in.remaining() < Integer.BYTES) {
            throw truncated(source, "it ends before the manifest length");
        }
        int manifestLength = in.getInt();
        if (manifestLength <= 0 || manifestLength > MAX_MANIFEST) {
            throw new ConfigException(source + " is damaged: impossible manifest length " + manifestLength);
        }
        if (in.remaining() < manifestLength) {
            throw truncated(source, "the manifest has " + manifestLength + " bytes, only " + in.remaining() + " follow");
        }
        String json = new String(bytes, in.position(), manifestLength, StandardCharsets.UTF_8);
        in.position(in.position() + manifestLength);
        WeightsManifest manifest;
        try {
            manifest = WeightsManifest.fromConfig(
                    ConfigFactory.parseString(json, ConfigParseOptions.defaults().setSyntax(ConfigSyntax.JSON)), source);
        } catch (com.typesafe.config.ConfigException e) {
            throw new ConfigException(source + " has a damaged manifest (not valid JSON): " + e.getMessage(), e);
        }
        if (in.remaining() < Long.BYTES) {
            throw truncated(source, "it ends before the parameters");
        }
        long parameterLength = in.getLong();
        if (parameterLength != manifest.parameterBytes()) {
            throw new ConfigException(source + " is damaged: its parameter section says " + parameterLength
                    + " bytes, the manifest " + manifest.parameterBytes());
        }
        if (in.remaining() < parameterLength) {
            throw truncated(source, "the manifest announces " + parameterLength + " parameter bytes, the file holds "
                    + in.remaining());
        }
        if (in.remaining() > parameterLength) {
            throw new ConfigException(source + " is damaged: " + (in.remaining() - parameterLength)
                    + " unexpected bytes after the parameters");
        }
        byte[] parameters = Arrays.copyOfRange(bytes, in.position(), bytes.length);
        String sha = Fingerprints.sha256(parameters);
        if (!sha.equals(manifest.parameterSha256())) {
            throw new ConfigException(source + " is corrupt: checksum mismatch, the parameters have SHA-256 " + sha
                    + " but the manifest says " + manifest.parameterSha256());
        }
        return new SupernetWeights(source, manifest, parameters);
    }

    private static ConfigException truncated(String source, String detail) {
        return new ConfigException(source + " is truncated: " + detail);
    }

    public String source() {
        return source;
    }

    public WeightsManifest manifest() {
        return manifest;
    }

    public OfaSpace space() {
        return manifest.space();
    }

    /** SHA-256 of the parameters: what identifies a supernet in the trial store. */
    public String checksum() {
        return manifest.parameterSha256();
    }

    /**
     * Compares network fingerprints: a space that adds {@code precisions} to the space the weights
     * were trained for has the same network, and its sub-networks take the same weights.
     *
     * @throws ConfigException when {@code expected} is not the space these weights were trained for,
     *                         listing what differs
     */
    public SupernetWeights requireSpace(OfaSpace expected) {
        if (!expected.networkFingerprint().equals(space().networkFingerprint())) {
            throw new ConfigException(source + " holds a supernet for space '" + space().name() + "' (fingerprint "
                    + space().networkFingerprint().substring(0, 12) + "), which does not match the configured space '"
                    + expected.name() + "' (fingerprint " + expected.networkFingerprint().substring(0, 12) + "); weights vs config: "
                    + String.join("; ", SpaceCodec.differences(space(), expected))
                    + ". Use the space file the supernet was trained with, or train a supernet for this space.");
        }
        return this;
    }

    /** A supernet of this file's space with these weights, its arrays created by {@code manager}. */
    public ElasticSupernet instantiate(NDManager manager) {
        return instantiate(manager, space());
    }

    /**
     * The supernet over {@code as}, a space with the same network as the weights' own (it may add
     * {@code precisions}), so that its sub-networks' shapes carry the precision the search chose.
     */
    public ElasticSupernet instantiate(NDManager manager, OfaSpace as) {
        requireSpace(as);
        ElasticSupernet supernet = new ElasticSupernet(as);
        List<Pair<String, Parameter>> params = supernet.getDirectParameters().stream().toList();
        List<WeightsManifest.ParameterShape> listed = manifest.parameters();
        if (params.size() != listed.size()) {
            throw new ConfigException(source + " lists " + listed.size() + " parameters; the supernet of its space has "
                    + params.size());
        }
        for (int i = 0; i < params.size(); i++) {
            String name = params.get(i).getKey();
            List<Long> expected = boxed(params.get(i).getValue().getShape());
            WeightsManifest.ParameterShape entry = listed.get(i);
            if (!entry.name().equals(name) || !entry.shape().equals(expected)) {
                throw new ConfigException(source + ": parameter " + (i + 1) + " is " + entry.name() + " " + entry.shape()
                        + " in the manifest, the supernet of its space needs " + name + " " + expected);
            }
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(parameterBytes))) {
            supernet.loadParameters(manager, in);
            if (in.read() != -1) {
                throw new ConfigException(source + ": the parameter stream has bytes after the last parameter");
            }
        } catch (IOException | MalformedModelException e) {
            throw new ConfigException(source + ": cannot load its parameters into the supernet: " + e.getMessage(), e);
        }
        for (int i = 0; i < params.size(); i++) {
            Shape loaded = params.get(i).getValue().getArray().getShape();
            if (!boxed(loaded).equals(listed.get(i).shape())) {
                throw new ConfigException(source + ": parameter " + listed.get(i).name() + " has shape " + loaded
                        + " in the parameter stream, " + listed.get(i).shape() + " in the manifest");
            }
        }
        return supernet;
    }

    private static List<Long> boxed(Shape shape) {
        return Arrays.stream(shape.getShape()).boxed().toList();
    }
}
