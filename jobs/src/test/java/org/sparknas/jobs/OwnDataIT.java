package org.sparknas.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparknas.space.SearchSpace;
import org.sparknas.space.SearchSpaces;
import org.sparknas.store.TrialRecord;
import org.sparknas.store.parquet.ParquetTrialStore;
import org.sparknas.supernet.SupernetWeights;

/**
 * A user's own data, end to end: an RGB class-folder data set (ten classes of coloured shapes,
 * 48x48 PNG) is generated, a small RGB supernet is trained on it with train-supernet, searched on a
 * real standalone cluster whose executors read the images from the folder themselves (not from a
 * broadcast), and reported.
 */
class OwnDataIT {

    /** Chance is one in ten. */
    private static final double FAR_ABOVE_CHANCE = 0.6;

    @TempDir
    Path tmp;

    private static final String SPACE = """
            space {
              type = ofa, name = shapes-rgb, input-channels = 3, num-classes = 10, resolutions = [32, 40, 48]
              stem { channels = 8, kernel = 3, stride = 2, activation = hswish }
              stage-defaults { depths = [1, 2], kernels = [3, 5], expand-ratios = [2, 4], se = false, activation = relu }
              stages = [ { channels = 12, stride = 1 }, { channels = 16, stride = 2, activation = hswish, se = true } ]
              head { channels = 48, activation = hswish }
            }
            """;

    private String data(Path images) {
        return "data { source = image-folder, path = \"" + images.resolve("train").toUri() + "\", test-path = \""
                + images.resolve("test").toUri() + "\", image-size = 48, channels = 3, validation-size = 400,"
                + " calibration-size = 300, split-seed = 5 }\n";
    }

    @Test
    void trainsSearchesOnAClusterWhoseExecutorsReadTheFolderAndReports() throws Exception {
        Path images = tmp.resolve("shapes");
        ColouredShapes.write(images.resolve("train"), 200, 48, 1);
        ColouredShapes.write(images.resolve("test"), 30, 48, 2);

        Path weights = tmp.resolve("shapes.weights");
        Path trainConf = Files.writeString(tmp.resolve("train.conf"), "include file(\""
                + Path.of("../conf/train.conf").toAbsolutePath().normalize() + "\")\nspace = null\n" + SPACE + data(images)
                + """
                schedule = all-at-once
                all-at-once { epochs = 6, learning-rate = 0.05, warmup-epochs = 0.3 }
                batch-size = 64
                threads = 2
                augmentation { pad-crop = 2, horizontal-flip = true }
                validation { images = 400, every-epochs = 2 }
                checkpoint.every-minutes = 0
                progress.every-seconds = 0
                """);
        CliRun train = CliRun.of("train-supernet", "--config", trainConf.toString(), "--output",
                tmp.resolve("training").toUri().toString(), "--weights", weights.toString());
        assertEquals(0, train.exitCode(), train.output());
        train.output().lines().filter(l -> l.startsWith("trained ") || l.startsWith("  smallest") || l.startsWith("  median")
                || l.startsWith("  largest")).forEach(System.out::println);
        double largest = Double.parseDouble(SupernetWeights.read(weights).manifest().training().get("test-accuracy-largest"));
        assertTrue(largest > FAR_ABOVE_CHANCE, "the largest network learned the shapes: " + train.output());
        CliRun measured = CliRun.of("measure-supernet", "--weights", weights.toString(), "--config", trainConf.toString());
        assertEquals(0, measured.exitCode(), measured.output());
        assertTrue(measured.output().contains(String.format(java.util.Locale.ROOT, "(recorded %.4f)", largest)),
                "measure-supernet measures what training recorded:\n" + measured.output());

        Path searchConf = Files.writeString(tmp.resolve("search.conf"), "include file(\""
                + Path.of("../conf/search.conf").toAbsolutePath().normalize() + "\")\nspace = null\n" + SPACE + data(images)
                + "data.delivery = executors\n"
                + "data.cache-dir = \"" + tmp.resolve("image-cache") + "\"\n"
                + "supernet.weights = \"" + weights + "\"\n"
                + "latency.tables = null\nlatency.tables {}\n"
                + "search.objectives = [\"max accuracy\", \"min macs\"]\n");
        Path out = tmp.resolve("out");
        Path work = tmp.resolve("cluster-work");
        try (LocalStandaloneCluster cluster = LocalStandaloneCluster.start(work, 2, false)) {
            List<String> submit = new ArrayList<>(List.of("--class", Main.class.getName(),
                    "--conf", "spark.executor.memory=1g",
                    "--conf", "spark.executor.extraJavaOptions=-Dai.djl.offline=true",
                    "--conf", "spark.executorEnv.TORCH_CPP_LOG_LEVEL=ERROR",
                    "--conf", "spark.cores.max=2", "--conf", "spark.scheduler.minRegisteredResourcesRatio=1.0",
                    "--conf", "spark.scheduler.maxRegisteredResourcesWaitingTime=120s",
                    "--conf", "spark.ui.enabled=false",
                    ClusterSearchIT.applicationJar().toString(),
                    "search", "--config", searchConf.toString(), "--output", out.toString(), "--run-id", "shapes",
                    "--generation-size", "6", "--generations", "2", "--fidelity", "400", "--seed", "3"));
            Path log = tmp.resolve("submit.log");
            int exit = cluster.submit(log, submit);
            assertEquals(0, exit, Files.readString(log));
        }
        String logs = String.join("\n", executorLogs(work));
        List<String> reads = logs.lines().filter(l -> l.contains("sparknas: executor images: ")).toList();
        assertEquals(4, reads.size(), "each of the two executors got the calibration and the validation images:\n" + logs);
        assertTrue(reads.stream().anyMatch(l -> l.contains(" 300 images") && l.contains("from storage"))
                && reads.stream().anyMatch(l -> l.contains(" 400 images") && l.contains("from storage")),
                "an executor read the images from the folder, not from a broadcast:\n" + String.join("\n", reads));

        SearchSpace space = SearchSpaces.load(Files.writeString(tmp.resolve("space.conf"), SPACE));
        List<TrialRecord> trials = new ParquetTrialStore(new Configuration(), out.toString(), space,
                Set.of("accuracy", "loss", "macs", "params")).trials("shapes");
        assertEquals(12, trials.size());
        assertTrue(trials.stream().allMatch(t -> t.trial().isOk()), trials.toString());
        double best = trials.stream().mapToDouble(t -> t.trial().metric("accuracy")).max().orElseThrow();
        assertTrue(best > FAR_ABOVE_CHANCE, "best accuracy " + best);
        System.out.printf("own data: largest network %.3f on the test folder, best searched %.3f on 400 validation"
                + " images%n", largest, best);

        Path report = tmp.resolve("report");
        CliRun reported = CliRun.of("report", "--output", out.toString(), "--report", report.toString());
        assertEquals(0, reported.exitCode(), reported.output());
        assertTrue(Files.readString(report.resolve("index.html")).contains("shapes"));
    }

    private static List<String> executorLogs(Path clusterWork) throws java.io.IOException {
        try (Stream<Path> files = Files.walk(clusterWork)) {
            List<Path> logs = files.filter(p -> p.getFileName().toString().equals("stderr"))
                    .sorted(Comparator.naturalOrder()).toList();
            List<String> out = new ArrayList<>();
            for (Path log : logs) {
                out.add(Files.readString(log));
            }
            return out;
        }
    }
}
