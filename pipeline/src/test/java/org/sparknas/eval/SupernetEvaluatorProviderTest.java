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
