package org.sparknas.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparknas.config.ConfigException;
import org.sparknas.space.SearchSpaces;
import org.sparknas.strategy.Metrics;
import org.sparknas.supernet.ComputeDevice;
import org.sparknas.supernet.SupernetWeights;

class SupernetEvaluatorProviderTest {

    @TempDir
    Path dir;

    private static final EvaluatorProvider.FileReader LOCAL = EvaluatorProvider.FileReader.local();

    private Config config(Path weights, String extra) {
        return ConfigFactory.parseString("supernet.weights = \"" + weights + "\"\n"
                + "data { source = synthetic, validation-size = 300, calibration-size = 200, split-seed = 3 }\n"
                + "evaluation.batch-size = 100\nsearch.fidelity = 250\n" + extra).resolve();
    }

    @Test
    void preparesAFactoryThatEvaluatesAndNamesTheSupernet() throws IOException {
        EvaluationFixture fixture = new EvaluationFixture();
        Path weights = dir.resolve("supernet.weights");
        Files.write(weights, fixture.weights);
        EvaluatorProvider.Prepared prepared = new SupernetEvaluatorProvider().prepare(fixture.space, config(weights, ""), LOCAL);
        assertEquals(SupernetWeights.parse(fixture.weights, "w").checksum(), prepared.modelChecksum());
        try (Evaluator evaluator = prepared.factory().create(ComputeDevice.CPU, 1)) {
            Map<String, Double> m = evaluator.evaluate(fixture.space.smallest(), 250);
            assertEquals(prepared.factory().metrics(), m.keySet());
            assertEquals((double) fixture.space.macs(fixture.space.smallest()), m.get(Metrics.MACS));
        }
    }

    /** 500 synthetic images of 1x28x28 are 392,000 bytes: the limit decides, and the log line says why. */
    @Test
    void theDeliveryIsChosenBySizeAndExplained() throws IOException {
        EvaluationFixture fixture = new EvaluationFixture();
        Path weights = dir.resolve("supernet.weights");
        Files.write(weights, fixture.weights);
        SupernetEvaluatorProvider provider = new SupernetEvaluatorProvider();
        String auto = provider.prepare(fixture.space, config(weights, ""), LOCAL).factory().describe();
        assertTrue(auto.contains("broadcast: 500 images of 784 bytes = 382.8 KiB <= data.broadcast-limit 256.0 MiB"), auto);
        String above = provider.prepare(fixture.space, config(weights, "data.broadcast-limit = 300K"), LOCAL).factory()
                .describe();
        assertTrue(above.contains("read by each executor: 500 images of 784 bytes = 382.8 KiB > data.broadcast-limit"
                + " 300.0 KiB"), above);
        String forced = provider.prepare(fixture.space, config(weights, "data.delivery = executors"), LOCAL).factory()
                .describe();
        assertTrue(forced.contains("read by each executor (data.delivery = executors)"), forced);
        String broadcast = provider.prepare(fixture.space, config(weights, "data { delivery = broadcast, broadcast-limit = 1 }"),
                LOCAL).factory().describe();
        assertTrue(broadcast.contains("broadcast (data.delivery = broadcast)"), broadcast);

        ConfigException e = assertThrows(ConfigException.class,
                () -> provider.prepare(fixture.space, config(weights, "data.delivery = torrent"), LOCAL));
        assertTrue(e.getMessage().contains("data.delivery") && e.getMessage().contains("torrent"), e.getMessage());
        e = assertThrows(ConfigException.class,
                () -> provider.prepare(fixture.space, config(weights, "data.broadcast-limit = lots"), LOCAL));
        assertTrue(e.getMessage().contains("data.broadcast-limit") && e.getMessage().contains("size"), e.getMessage());
    }

    /** Executors read the selections themselves; what they measure is what the decoded broadcast gives. */
    @Test
    void aFactoryForExecutorsEvaluatesLikeTheBroadcastOne() throws IOException {
        EvaluationFixture fixture = new EvaluationFixture();
        Path weights = dir.resolve("supernet.weights");
        Files.write(weights, fixture.weights);
        SupernetEvaluatorProvider provider = new SupernetEvaluatorProvider();
        String cache = "data.cache-dir = \"" + dir.resolve("cache") + "\"";
        EvaluatorFactory read = provider.prepare(fixture.space, config(weights, "data.delivery = executors\n" + cache),
                LOCAL).factory();
        EvaluatorFactory broadcast = provider.prepare(fixture.space, config(weights, "data.delivery = broadcast"), LOCAL)
                .factory();
        try (Evaluator a = read.create(ComputeDevice.CPU, 1); Evaluator b = broadcast.create(ComputeDevice.CPU, 1)) {
            assertEquals(b.evaluate(fixture.space.largest(), 250), a.evaluate(fixture.space.largest(), 250));
        }
        try (var files = Files.list(dir.resolve("cache"))) {
            assertEquals(2, files.filter(f -> f.toString().endsWith(".images")).count(), "calibration and validation cached");
        }
    }

    @Test
    void badSettingsStopOnTheDriverNamingTheKey() throws IOException {
        EvaluationFixture fixture = new EvaluationFixture();
        SupernetEvaluatorProvider provider = new SupernetEvaluatorProvider();
        ConfigException e = assertThrows(ConfigException.class,
                () -> provider.prepare(fixture.space, config(dir.resolve("missing.weights"), ""), LOCAL));
        assertTrue(e.getMessage().contains("supernet.weights") && e.getMessage().contains("missing.weights"), e.getMessage());

        Path weights = dir.resolve("supernet.weights");
        Files.write(weights, fixture.weights);
        e = assertThrows(ConfigException.class,
                () -> provider.prepare(fixture.space, config(weights, "data.source = imagenet"), LOCAL));
        assertTrue(e.getMessage().contains("data.source") && e.getMessage().contains("imagenet"), e.getMessage());
        e = assertThrows(ConfigException.class,
                () -> provider.prepare(SearchSpaces.load(Path.of("../conf/spaces/nb201.conf")), config(weights, ""), LOCAL));
        assertTrue(e.getMessage().contains("Once-for-All"), e.getMessage());
    }
}
