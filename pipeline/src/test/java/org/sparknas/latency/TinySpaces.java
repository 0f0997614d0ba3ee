package org.sparknas.latency;

import com.typesafe.config.ConfigFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.sparknas.config.StrictConfig;
import org.sparknas.space.OfaSpace;
import org.sparknas.space.SearchSpaces;

/** Spaces small enough to profile in a test, and tables made for them with chosen values. */
public final class TinySpaces {

    private TinySpaces() {
    }

    /** 2 resolutions, 2 stages of depth 1-2, kernels 3/5, expand ratios 2/3; the second stage strided with squeeze-excite. */
    public static OfaSpace tiny() {
        return space("tiny", 16);
    }

    /** {@link #tiny()} with the precisions fp32 and int8 as one more gene: the same network fingerprint. */
    public static OfaSpace tinyInt8() {
        return space("tiny-int8", 16, "\n  precisions = [fp32, int8]");
    }

    /** The same layout with another head width: another fingerprint. */
    public static OfaSpace otherHead() {
        return space("tiny-other", 24);
    }

    private static OfaSpace space(String name, int headChannels) {
        return space(name, headChannels, "");
    }

    private static OfaSpace space(String name, int headChannels, String more) {
        String hocon = "space { type = ofa, name = " + name + ", input-channels = 1, num-classes = 3, resolutions = [8, 12]\n"
                + "  stem { channels = 4, kernel = 3, stride = 2, activation = relu }\n"
                + "  stage-defaults { depths = [1, 2], kernels = [3, 5], expand-ratios = [2, 3], se = false, activation = relu }\n"
                + "  stages = [ { channels = 4, stride = 1 }, { channels = 8, stride = 2, se = true, activation = hswish } ]\n"
                + "  head { channels = " + headChannels + ", activation = hswish }" + more + " }";
        return (OfaSpace) SearchSpaces.fromConfig(new StrictConfig(ConfigFactory.parseString(hocon), "").object("space"));
    }

    /** A table of {@code space} at {@code batches} whose entry for each key is {@code value(key)}. */
    public static LatencyTable table(OfaSpace space, String device, List<Integer> batches, ToDoubleFunction<LayerKey> value) {
        List<LatencyEntry> entries = new ArrayList<>();
        for (int batch : batches) {
            for (LayerKey key : SpaceLayers.required(space)) {
                double ms = value.applyAsDouble(key) * batch;
                entries.add(new LatencyEntry(key, batch, ms, ms / 2, ms * 2));
            }
        }
        return new LatencyTable(info(space, device), entries);
    }

    public static TableInfo info(OfaSpace space, String device) {
        return new TableInfo(space.name(), space.fingerprint(), device, "cpu", 1, "test machine", "PyTorch test", 2, 5,
                "2026-01-01T00:00:00Z");
    }
}
