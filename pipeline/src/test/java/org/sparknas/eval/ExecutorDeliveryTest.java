package org.sparknas.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparknas.config.ConfigException;
import org.sparknas.data.DataSplit;
import org.sparknas.data.ImageCollection;
import org.sparknas.data.ImageSet;
import org.sparknas.data.ImageSource;
import org.sparknas.data.SelectedImages;
import org.sparknas.data.SplitPlan;
import org.sparknas.data.SyntheticImages;
import org.sparknas.space.Architecture;
import org.sparknas.spark.Candidate;
import org.sparknas.spark.Outcome;
import org.sparknas.spark.PopulationEvaluator;
import org.sparknas.spark.SparkTestSession;

/**
 * The same candidates evaluated on local[2] with the images broadcast and with the executors reading
 * them from files: identical metrics, because fidelity F is the same first F validation images either
 * way; and an image an executor cannot read stops the evaluation with its name instead of failing
 * every candidate.
 */
class ExecutorDeliveryTest {

    @TempDir
    Path tmp;

    private final EvaluationFixture fixture = new EvaluationFixture();

    /** The fixture's images, as files: split by the same plan, so the same images in the same order. */
    private DataSplit storedSplit(Path folder) {
        ImageSet all = SyntheticImages.fashionLike(1200, 0, 77).training();
        ImageFiles files = ImageFiles.write(all, folder);
        ImageSource source = new ImageSource() {
            @Override
            public String name() {
                return "files";
            }

            @Override
            public ImageCollection training() {
                return files;
            }

            @Override
            public ImageCollection test() {
                return all.first(0);
            }
        };
        return DataSplit.of(source, new SplitPlan(300, 200, 5));
    }

    private SupernetEvaluatorFactory readByExecutors(DataSplit split) {
        return new SupernetEvaluatorFactory(fixture.space, fixture.weights, "fixture.weights", split.calibrationImages(),
                split.validationImages(), EvaluationFixture.BATCH, "read by each executor (test)",
                tmp.resolve("cache").toString());
    }

    private List<Candidate> candidates() {
        SplittableRandom random = new SplittableRandom(12);
        List<Architecture> archs = new ArrayList<>(List.of(fixture.space.smallest(), fixture.space.largest()));
        archs.add(fixture.space.sample(random));
        archs.add(fixture.space.sample(random));
        List<Candidate> out = new ArrayList<>();
        for (int i = 0; i < archs.size(); i++) {
            // two fidelities: each must be the same first F images in both deliveries
            out.add(new Candidate(i, archs.get(i), i % 2 == 0 ? 150 : 300, 1.0));
        }
        return out;
    }

    private static List<Outcome> evaluate(EvaluatorFactory factory, List<Candidate> candidates) {
        try (PopulationEvaluator evaluator = new PopulationEvaluator(SparkTestSession.get(), factory)) {
            return evaluator.evaluate(candidates, "delivery test");
        }
    }

    @Test
    void executorsThatReadTheFilesMeasureWhatTheBroadcastMeasures() throws Exception {
        Path folder = tmp.resolve("images");
        SupernetEvaluatorFactory executors = readByExecutors(storedSplit(folder));
        ByteArrayOutputStream serialised = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(serialised)) {
            out.writeObject(executors);
        }
        assertTrue(serialised.size() < fixture.weights.length + 50_000, "the broadcast carries addresses, not the "
                + (500 * 784) + " bytes of pixels: " + serialised.size() + " bytes");

        List<Candidate> candidates = candidates();
        List<Outcome> broadcast = evaluate(fixture.factory(), candidates);
        List<Outcome> read = evaluate(executors, candidates);
        assertEquals(candidates.size(), read.size());
        for (int i = 0; i < candidates.size(); i++) {
            assertNull(read.get(i).error(), read.get(i).error());
            assertEquals(broadcast.get(i).metrics(), read.get(i).metrics(), "candidate " + i);
        }
        assertEquals(500, ImageFiles.decoded(folder), "each image decoded once, in the one JVM of local mode");
        assertTrue(executors.describe().contains("read by each executor"), executors.describe());
    }

    /** Decoded images are one Java array: a set above 2 GiB is refused on the driver, before anything is read. */
    @Test
    void moreValidationImagesThanOneArrayHoldsAreRefusedOnTheDriver() {
        ImageFiles huge = new ImageFiles(tmp.resolve("never-read").toString(), new byte[50_000], 1, 224, 224,
                fixture.space.numClasses());
        ConfigException e = assertThrows(ConfigException.class, () -> new SupernetEvaluatorFactory(fixture.space,
                fixture.weights, "fixture.weights", fixture.split.calibration(), huge, EvaluationFixture.BATCH,
                "read by each executor (test)", ""));
        assertTrue(e.getMessage().startsWith("'data.validation-size': 50000 images of 1x224x224 take 2.3 GiB decoded"),
                e.getMessage());
    }

    @Test
    void anImageNoExecutorCanReadStopsTheEvaluationNamingIt() throws Exception {
        Path folder = tmp.resolve("broken");
        DataSplit split = storedSplit(folder);
        int missing = ((SelectedImages) split.validationImages()).indices()[42];
        Files.delete(ImageFiles.file(folder.toString(), missing));
        ConfigException e = assertThrows(ConfigException.class, () -> evaluate(readByExecutors(split), candidates()));
        assertTrue(e.getMessage().contains(String.format("image-%05d.raw", missing)) && e.getMessage().contains("re-run"),
                e.getMessage());
    }
}
