package org.sparknas.eval;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.typesafe.config.ConfigFactory;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparknas.config.ConfigException;
import org.sparknas.config.StrictConfig;
import org.sparknas.data.DataSettings;
import org.sparknas.space.OfaSpace;
import org.sparknas.supernet.InputNormalization;
import org.sparknas.supernet.SupernetWeights;
import org.sparknas.supernet.TestSupernets;
import org.sparknas.supernet.TrainedSplit;
import org.sparknas.supernet.TrainingInfo;

/** A search over an image folder is refused when the folder's images are not those the supernet was trained with. */
class StoredDataSplitCheckTest {

    @TempDir
    Path dir;

    private void image(Path file, int grey) throws Exception {
        BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        image.getRaster().setSample(grey % 28, grey % 28, 0, grey);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        Files.createDirectories(file.getParent());
        Files.write(file, out.toByteArray());
    }

    @Test
    void aChangedFolderIsNotTheTrainedSplit() throws Exception {
        Path root = dir.resolve("photos");
        for (int c = 0; c < 10; c++) {
            for (int i = 0; i < 3; i++) {
                image(root.resolve("class-" + c + "/" + i + ".png"), 20 * c + i);
            }
        }
        OfaSpace space = TestSupernets.defaultSpace();
        String data = "data { source = image-folder, path = \"" + root + "\", image-size = 28, channels = 1,"
                + " validation-size = 10, calibration-size = 5, split-seed = 1 }\n";
        DataSettings settings = DataSettings.fromConfig(new StrictConfig(ConfigFactory.parseString(data), ""));
        Path weights = dir.resolve("supernet.weights");
        try (NDManager manager = NDManager.newBaseManager()) {
            Files.write(weights, SupernetWeights.encode(TestSupernets.randomized(space, manager, 3),
                    InputNormalization.FASHION_MNIST, new TrainingInfo(TrainedSplit.of(settings).toProperties())));
        }
        String search = "supernet.weights = \"" + weights + "\"\n" + data;
        SupernetEvaluatorProvider provider = new SupernetEvaluatorProvider();
        EvaluatorProvider.FileReader local = EvaluatorProvider.FileReader.local();
        assertNotNull(provider.prepare(space, ConfigFactory.parseString(search), local).factory());

        image(root.resolve("class-4/3.png"), 99);
        ConfigException e = assertThrows(ConfigException.class,
                () -> provider.prepare(space, ConfigFactory.parseString(search), local));
        assertTrue(e.getMessage().contains("the images at data.path changed since training: 31 images")
                && e.getMessage().contains("(trained: 30 images"), e.getMessage());
    }
}
