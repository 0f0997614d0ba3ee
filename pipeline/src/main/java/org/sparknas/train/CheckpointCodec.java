package org.sparknas.train;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValueFactory;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sparknas.config.ConfigException;
import org.sparknas.space.Fingerprints;

/**
 * The checkpoint file format:
 *
 * <pre>
 * "SPARKNAS-CHECKPOINT\n"  20 bytes, ASCII
 * int32                    header length H (big-endian)
 * H bytes                  header, UTF-8 JSON: format, version, position, seconds, recipe, and per
 *                          section its name, length and SHA-256
 * per section              int64 length, then the bytes: weights (a supernet weights file),
 *                          optimizer (momentum buffers), log (the training log CSV)
 * </pre>
 *
 * Reading checks every length and checksum, so a truncated or damaged file (a crash while the
 * storage was writing, a bad copy) is refused with its name instead of resuming from garbage.
 */
final class CheckpointCodec {

    static final byte[] MAGIC = "SPARKNAS-CHECKPOINT\n".getBytes(StandardCharsets.US_ASCII);
    static final String FORMAT = "sparknas-training-checkpoint";
    static final int VERSION = 1;
    private static final List<String> SECTIONS = List.of("weights", "optimizer", "log");
    private static final int MAX_HEADER = 1 << 20;

    private CheckpointCodec() {
    }

    static byte[] encode(Checkpoint c) {
        List<byte[]> sections = List.of(c.weights(), c.optimizer(), c.log());
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("format", FORMAT);
        header.put("version", VERSION);
        TrainingPosition p = c.position();
        header.put("position", Map.of("phase", p.phase(), "epoch", p.epoch(), "step", p.step(), "global-step", p.globalStep()));
        header.put("seconds", c.seconds());
        header.put("recipe", c.recipe());
        List<Object> listed = new ArrayList<>();
        for (int i = 0; i < SECTIONS.size(); i++) {
            listed.add(Map.of("name", SECTIONS.get(i), "bytes", (long) sections.get(i).length,
                    "sha256", Fingerprints.sha256(sections.get(i))));
        }
        header.put("sections", listed);
        byte[] json = ConfigValueFactory.fromMap(header).render(ConfigRenderOptions.concise().setJson(true))
                .getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(MAGIC);
            out.writeInt(json.length);
            out.write(json);
            for (byte[] s : sections) {
                out.writeLong(s.length);
                out.write(s);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise a checkpoint", e);
        }
        return bytes.toByteArray();
    }

    /** @throws ConfigException naming {@code source} when the bytes are not a complete, intact checkpoint */
    static Checkpoint decode(byte[] bytes, String source) {
        if (bytes.length < MAGIC.length || !Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) {
            throw damaged(source, "it is not a sparknas training checkpoint (it does not start with 'SPARKNAS-CHECKPOINT')");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        in.position(MAGIC.length);
        if (in.remaining() < Integer.BYTES) {
            throw damaged(source, "it is truncated before the header length");
        }
        int headerLength = in.getInt();
        if (headerLength <= 0 || headerLength > MAX_HEADER || headerLength > in.remaining()) {
            throw damaged(source, "its header length " + headerLength + " does not fit the " + in.remaining()
                    + " bytes that follow (truncated?)");
        }
        Config header;
        try {
            header = ConfigFactory.parseString(new String(bytes, in.position(), headerLength, StandardCharsets.UTF_8),
                    ConfigParseOptions.defaults().setSyntax(ConfigSyntax.JSON));
        } catch (com.typesafe.config.ConfigException e) {
            throw damaged(source, "its header is not valid JSON: " + e.getMessage());
        }
        in.position(in.position() + headerLength);
        try {
            if (!FORMAT.equals(header.getString("format")) || header.getInt("version") != VERSION) {
                throw damaged(source, "it is format '" + header.getString("format") + "' version " + header.getInt("version")
                        + "; this build reads " + FORMAT + " version " + VERSION);
            }
            List<? extends Config> listed = header.getConfigList("sections");
            if (listed.size() != SECTIONS.size()) {
                throw damaged(source, "it lists " + listed.size() + " sections, expected " + SECTIONS);
            }
            List<byte[]> sections = new ArrayList<>();
            for (int i = 0; i < SECTIONS.size(); i++) {
                Config s = listed.get(i);
                String name = s.getString("name");
                long expected = s.getLong("bytes");
                if (!SECTIONS.get(i).equals(name)) {
                    throw damaged(source, "section " + (i + 1) + " is '" + name + "', expected '" + SECTIONS.get(i) + "'");
                }
                if (in.remaining() < Long.BYTES) {
                    throw damaged(source, "it is truncated before the " + name + " section");
                }
                long length = in.getLong();
                if (length != expected || length > in.remaining()) {
                    throw damaged(source, "the " + name + " section should have " + expected + " bytes; the file has "
                            + Math.min(length, in.remaining()) + " (truncated?)");
                }
                byte[] section = new byte[(int) length];
                in.get(section);
                if (!Fingerprints.sha256(section).equals(s.getString("sha256"))) {
                    throw damaged(source, "the " + name + " section fails its SHA-256 check");
                }
                sections.add(section);
            }
            if (in.hasRemaining()) {
                throw damaged(source, in.remaining() + " unexpected bytes follow the last section");
            }
            Config p = header.getConfig("position");
            TrainingPosition position = new TrainingPosition(p.getInt("phase"), p.getInt("epoch"), p.getInt("step"),
                    p.getLong("global-step"));
            Map<String, String> recipe = new LinkedHashMap<>();
            header.getConfig("recipe").root().forEach((k, v) -> recipe.put(k, String.valueOf(v.unwrapped())));
            return new Checkpoint(position, recipe, header.getDouble("seconds"), sections.get(0), sections.get(1),
                    sections.get(2));
        } catch (com.typesafe.config.ConfigException | IllegalArgumentException e) {
            throw damaged(source, "its header is incomplete: " + e.getMessage());
        }
    }

    private static ConfigException damaged(String source, String problem) {
        return new ConfigException("checkpoint " + source + " is unreadable: " + problem + ". Delete it to resume from the "
                + "checkpoint before it, or start over with --restart");
    }
}
