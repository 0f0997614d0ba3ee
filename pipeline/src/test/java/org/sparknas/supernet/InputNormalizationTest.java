package org.sparknas.supernet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueFactory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sparknas.config.ConfigException;
import org.sparknas.data.ImageSet;

/** Per-channel input normalisation: each value normalised with its own channel's mean and std; the manifest forms. */
class InputNormalizationTest {

    private static final InputNormalization RGB = new InputNormalization(List.of(0.485f, 0.456f, 0.406f),
            List.of(0.229f, 0.224f, 0.225f));

    /** Two 3x2x2 images whose every value encodes its image, channel and position. */
    private static ImageSet twoRgbImages() {
        byte[] pixels = new byte[2 * 3 * 4];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 10 + 3);
        }
        return new ImageSet(pixels, new byte[] {0, 1}, 3, 2, 2, 2);
    }

    @Test
    void eachValueIsNormalisedWithItsOwnChannel() {
        ImageSet images = twoRgbImages();
        float[] values = RGB.apply(images, 0, 2);
        assertEquals(24, values.length);
        for (int image = 0; image < 2; image++) {
            for (int c = 0; c < 3; c++) {
                for (int p = 0; p < 4; p++) {
                    int i = image * 12 + c * 4 + p;
                    float expected = ((images.pixels()[i] & 0xFF) / 255f - RGB.mean().get(c)) / RGB.std().get(c);
                    assertEquals(expected, values[i], 0f, "image " + image + " channel " + c + " position " + p);
                }
            }
        }
        // a later image starts at its own first channel, not where the earlier one's channels left off
        float[] second = RGB.apply(images, 1, 1);
        for (int i = 0; i < 12; i++) {
            assertEquals(values[12 + i], second[i], 0f);
        }
    }

    @Test
    void oneChannelIsTheFormerSingleMeanAndStd() {
        ImageSet images = new ImageSet(new byte[] {0, 1, 127, (byte) 128, (byte) 200, (byte) 255}, new byte[] {0, 1, 0, 1, 0, 1},
                1, 1, 1, 2);
        float[] values = InputNormalization.FASHION_MNIST.apply(images, 0, 6);
        for (int i = 0; i < 6; i++) {
            assertEquals(((images.pixels()[i] & 0xFF) / 255f - 0.2860f) / 0.3530f, values[i], 0f);
        }
        assertEquals(new InputNormalization(0.286f, 0.353f), InputNormalization.FASHION_MNIST);
        assertEquals(InputNormalization.FASHION_MNIST.repeated(3),
                new InputNormalization(List.of(0.286f, 0.286f, 0.286f), List.of(0.353f, 0.353f, 0.353f)));
    }

    @Test
    void invalidNormalisationsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new InputNormalization(List.of(0.1f, 0.2f), List.of(0.3f)));
        assertTrue(e.getMessage().contains("2 mean(s) and 1 std(s)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new InputNormalization(List.of(), List.of()));
        assertTrue(e.getMessage().contains("one mean and one std per channel"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new InputNormalization(List.of(0.1f, 0.2f), List.of(0.3f, 0f)));
        assertTrue(e.getMessage().contains("positive std") && e.getMessage().contains("channel 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new InputNormalization(Float.NaN, 0.3f));
        assertTrue(e.getMessage().contains("finite mean"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RGB.repeated(2));
        assertTrue(e.getMessage().contains("only a one-channel normalisation repeats"), e.getMessage());
    }

    @Test
    void imagesOfAnotherChannelCountAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> InputNormalization.FASHION_MNIST.apply(twoRgbImages(), 0, 1));
        assertTrue(e.getMessage().contains("has 1 channel(s)") && e.getMessage().contains("have 3"), e.getMessage());
    }

    @Test
    void manifestsHoldNumbersForOneChannelAndListsForMore() {
        assertEquals("{\"mean\":0.286,\"std\":0.353}", render(NormalizationCodec.toMap(InputNormalization.FASHION_MNIST)));
        assertEquals("{\"mean\":[0.485,0.456,0.406],\"std\":[0.229,0.224,0.225]}", render(NormalizationCodec.toMap(RGB)));
        assertEquals("0.286", NormalizationCodec.text(InputNormalization.FASHION_MNIST.meanAsDecimals()));
        assertEquals("[0.485,0.456,0.406]", NormalizationCodec.text(RGB.meanAsDecimals()));
        for (InputNormalization n : List.of(InputNormalization.FASHION_MNIST, RGB)) {
            Config written = ConfigFactory.parseString(render(NormalizationCodec.toMap(n)));
            assertEquals(n, NormalizationCodec.fromConfig(written, "test"));
        }
    }

    @Test
    void aManifestOfAnEarlierVersionReadsAsOneChannel() {
        Config old = ConfigFactory.parseString("{\"mean\" : 0.286, \"std\" : 0.353}");
        assertEquals(InputNormalization.FASHION_MNIST, NormalizationCodec.fromConfig(old, "old"));
        // a one-element list is the same normalisation
        assertEquals(InputNormalization.FASHION_MNIST,
                NormalizationCodec.fromConfig(ConfigFactory.parseString("mean = [0.286], std = [0.353]"), "list"));
    }

    @Test
    void badManifestValuesAreNamed() {
        ConfigException e = assertThrows(ConfigException.class, () -> NormalizationCodec.fromConfig(
                ConfigFactory.parseString("mean = [0.4, 0.5], std = [0.2]"), "w.weights: input"));
        assertTrue(e.getMessage().startsWith("w.weights: input: ") && e.getMessage().contains("2 mean(s) and 1 std(s)"),
                e.getMessage());
        e = assertThrows(ConfigException.class, () -> NormalizationCodec.fromConfig(
                ConfigFactory.parseString("mean = [0.4, x], std = [0.2, 0.2]"), "w.weights: input"));
        assertTrue(e.getMessage().contains("w.weights: input.mean must be a number or a list of numbers"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> NormalizationCodec.fromConfig(
                ConfigFactory.parseString("mean = 0.4"), "w.weights: input"));
        assertTrue(e.getMessage().contains("w.weights: input has no 'std'"), e.getMessage());
    }

    private static String render(Map<String, Object> map) {
        return ConfigValueFactory.fromMap(map).render(ConfigRenderOptions.concise().setJson(true));
    }
}
