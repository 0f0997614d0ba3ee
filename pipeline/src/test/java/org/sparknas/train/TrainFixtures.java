package org.sparknas.train;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import org.sparknas.data.DataSplit;
import org.sparknas.data.SplitPlan;
import org.sparknas.data.SyntheticImages;

/** A tiny space and synthetic images, so that a whole training schedule runs in about a second. */
final class TrainFixtures {

    /** Two stages (one with squeeze-excite), two choices per dimension; 12 or 16 pixel inputs. */
    static final String TINY_SPACE = """
            space {
              type = ofa, name = tiny, input-channels = 1, num-classes = 10, resolutions = [12, 16]
              stem { channels = 4, kernel = 3, stride = 2, activation = hswish }
              stage-defaults { depths = [1, 2], kernels = [3, 5], expand-ratios = [2, 3], se = false, activation = relu }
              stages = [ { channels = 6, stride = 1 }, { channels = 8, stride = 2, se = true, activation = hswish } ]
              head { channels = 16, activation = hswish }
            }
            """;

    /** Every key of conf/train.conf, sized for tests: four one-epoch phases of 10 steps on 320 images. */
    static final String CONFIG = TINY_SPACE + """
            output = "OUTPUT"
            weights = ""
            data { source = synthetic, dir = "unused", validation-size = 64, calibration-size = 64, split-seed = 3 }
            seed = 5
            threads = 1
            batch-size = 32
            schedule = progressive
            progressive {
              phases = [largest, kernel, depth, expand]
              largest { elastic = [resolution], epochs = 1, learning-rate = 0.05, warmup-epochs = 0.2 }
              kernel { elastic = [resolution, kernel], epochs = 1, learning-rate = 0.03, subnets = 1 }
              depth { elastic = [resolution, kernel, depth], epochs = 1, learning-rate = 0.03 }
              expand { elastic = [resolution, kernel, depth, expand], epochs = 1, learning-rate = 0.03 }
            }
            all-at-once { epochs = 4, learning-rate = 0.05, warmup-epochs = 0.2 }
            sampling { subnets = 2, include-smallest = true }
            loss { label-smoothing = 0.1, temperature = 2, distillation-weight = 0.5 }
            optimizer { type = sgd, momentum = 0.9, nesterov = true, weight-decay = 3e-5 }
            augmentation { pad-crop = 2, horizontal-flip = true }
            validation { images = 32, every-epochs = 1, batch-size = 32 }
            checkpoint { every-minutes = 0, every-steps = 0 }
            progress { every-seconds = 0 }
            log { every-steps = 5 }
            """;

    private TrainFixtures() {
    }

    /** The test settings with {@code overrides} (HOCON lines, later wins) and outputs under {@code output}. */
    static TrainSettings settings(Path output, String... overrides) {
        String text = CONFIG.replace("OUTPUT", output.toString().replace("\\", "/")) + String.join("\n", overrides);
        return TrainConfig.fromConfig(ConfigFactory.parseString(text).resolve());
    }

    /**
     * 400 synthetic training images: 64 held out, 336 for training (10 steps of 32), 64 of them for
     * calibration; and 40 test images.
     */
    static DataSplit split() {
        return DataSplit.of(SyntheticImages.fashionLike(400, 40, 11), new SplitPlan(64, 64, 3));
    }
}
