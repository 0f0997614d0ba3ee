package org.sparknas.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparknas.config.ConfigException;
import org.sparknas.config.StrictConfig;

class DataSettingsTest {

    @TempDir
    Path dir;

    private static DataSettings read(String data) {
        return DataSettings.fromConfig(new StrictConfig(ConfigFactory.parseString("data { " + data + " }"), ""));
    }

    @Test
    void anImageFolderIsReadWithItsDefaults() {
        DataSettings s = read("source = image-folder, path = \"hdfs://nn/photos\", image-size = 224, validation-size = 50,"
                + " calibration-size = 20");
        assertEquals(new StoredData("hdfs://nn/photos", null, 224, 3, "image", "label"), s.stored());
        DataSettings p = read("source = parquet, path = \"s3a://b/t\", test-path = \"s3a://b/test\", image-size = 64,"
                + " channels = 1, image-column = jpeg, label-column = cls, validation-size = 50, calibration-size = 20");
        assertEquals(new StoredData("s3a://b/t", "s3a://b/test", 64, 1, "jpeg", "cls"), p.stored());
    }

    @Test
    void builtInSourcesKeepTheirTextSoRunIdsStayTheSame() {
        DataSettings s = read("source = fashion-mnist, validation-size = 5000, calibration-size = 2000");
        assertNull(s.stored());
        assertNull(s.identity());
        assertEquals("DataSettings[source=fashion-mnist, dir=data/fashion-mnist, validationSize=5000, calibrationSize=2000,"
                + " splitSeed=0]", s.toString());
        assertTrue(read("source = image-folder, path = x, image-size = 8, validation-size = 5, calibration-size = 2")
                .toString().endsWith(", splitSeed=0, stored=StoredData[path=x, testPath=null, imageSize=8, channels=3,"
                        + " imageColumn=image, labelColumn=label]]"));
    }

    @Test
    void missingAndMisplacedKeysAreNamed() {
        String sizes = ", validation-size = 5, calibration-size = 2";
        ConfigException path = assertThrows(ConfigException.class, () -> read("source = image-folder, image-size = 8" + sizes));
        assertTrue(path.getMessage().contains("data.path") && path.getMessage().contains("is missing"), path.getMessage());
        ConfigException size = assertThrows(ConfigException.class, () -> read("source = parquet, path = t" + sizes));
        assertTrue(size.getMessage().contains("data.image-size") && size.getMessage().contains("is missing"),
                size.getMessage());
        ConfigException stray = assertThrows(ConfigException.class, () -> read("path = photos" + sizes));
        assertTrue(stray.getMessage().contains("data.path") && stray.getMessage().contains("data.source is fashion-mnist"),
                stray.getMessage());
        ConfigException column = assertThrows(ConfigException.class,
                () -> read("source = image-folder, path = p, image-size = 8, label-column = c" + sizes));
        assertTrue(column.getMessage().contains("data.label-column") && column.getMessage().contains("only read by"
                + " data.source = parquet"), column.getMessage());
        ConfigException channels = assertThrows(ConfigException.class,
                () -> read("source = image-folder, path = p, image-size = 8, channels = 4" + sizes));
        assertTrue(channels.getMessage().contains("data.channels") && channels.getMessage().contains("must be 1 or 3"),
                channels.getMessage());
    }

    @Test
    void theSettingsNameTheFolderAndItsSplit() {
        Path root = dir.resolve("shapes");
        for (String c : new String[] {"circle", "square"}) {
            for (int i = 0; i < 6; i++) {
                TestImages.write(root.resolve(c + "/" + i + ".png"), TestImages.png(TestImages.solid(10, 8, i * 40)));
            }
        }
        DataSettings s = read("source = image-folder, path = \"" + root + "\", image-size = 8, validation-size = 4,"
                + " calibration-size = 2, split-seed = 9");
        DataSplit split = s.split();
        assertEquals(4, split.validation().count());
        assertEquals(3 * 8 * 8, split.validation().imageSize());
        assertEquals(2, split.calibration().count());
        assertEquals(0, split.test().count());
        assertEquals(new DataIdentity("file:" + root.toAbsolutePath(), 12, s.identity().hash()), s.identity());
        ConfigException tooFew = assertThrows(ConfigException.class, () -> read("source = image-folder, path = \"" + root
                + "\", image-size = 8, validation-size = 12, calibration-size = 2").split());
        assertTrue(tooFew.getMessage().startsWith("'data.validation-size': the training set of image-folder has 12"),
                tooFew.getMessage());
    }
}
