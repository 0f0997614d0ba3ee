package org.sparknas.data;

import java.io.Serializable;
import java.util.Locale;
import org.sparknas.config.StrictConfig;

/**
 * How a search hands its calibration and validation images to the executors ({@code data.delivery},
 * {@code data.broadcast-limit}, {@code data.cache-dir}, declared in {@link DataSettings}): the driver
 * decodes them and broadcasts the bytes, or the executors read the undecoded selections from storage
 * themselves, each JVM once, keeping the decoded bytes on its local disk.
 *
 * <p>Not part of {@link DataSettings}' record: how the images travel changes no trial, so it must not
 * change derived run ids either.
 *
 * @param mode           {@link #AUTO}, {@link #BROADCAST} or {@link #EXECUTORS}
 * @param broadcastLimit with {@code auto}, the largest decoded size that is broadcast, in bytes
 * @param cacheDir       where executors keep decoded images; empty for java.io.tmpdir/{@value #CACHE_FOLDER}
 */
public record ImageDelivery(String mode, long broadcastLimit, String cacheDir) implements Serializable {

    public static final String AUTO = "auto";
    public static final String BROADCAST = "broadcast";
    public static final String EXECUTORS = "executors";
    /**
     * A broadcast is held in memory by the driver and, deserialised, by every executor (plus its
     * serialised blocks in the block manager while it is fetched): 256 MiB stays a small part of an
     * executor's usual few GiB and travels in seconds, while Fashion-MNIST's 7,000 images (5.5 MB) or
     * 7,000 RGB images at 96x96 (194 MB) still go the simplest way. ImageNet's validation set at
     * 224x224 (7.5 GB) does not.
     */
    public static final long DEFAULT_LIMIT = 256L << 20;
    public static final String CACHE_FOLDER = "sparknas-images";

    private static final long serialVersionUID = 1L;

    public ImageDelivery {
        if (!mode.equals(AUTO) && !mode.equals(BROADCAST) && !mode.equals(EXECUTORS)) {
            throw new IllegalArgumentException("delivery must be auto, broadcast or executors, got " + mode);
        }
        if (broadcastLimit <= 0) {
            throw new IllegalArgumentException("the broadcast limit must be positive, got " + broadcastLimit);
        }
    }

    /** Today's way and the default: auto with the default limit and cache directory. */
    public static ImageDelivery defaults() {
        return new ImageDelivery(AUTO, DEFAULT_LIMIT, "");
    }

    /** Reads the delivery keys of {@code data} in the root configuration. */
    public static ImageDelivery fromConfig(StrictConfig root) {
        StrictConfig data = DataSettings.GROUP.checkKeys(root.objectOrEmpty("data"));
        return new ImageDelivery(DataSettings.DELIVERY.read(data), DataSettings.BROADCAST_LIMIT.read(data),
                DataSettings.CACHE_DIR.read(data));
    }

    /**
     * The way these settings choose for images of this count and shape, with the reason in words.
     *
     * @param images        calibration plus validation images
     * @param bytesPerImage channels x height x width
     */
    public Choice choose(long images, long bytesPerImage) {
        long bytes = images * bytesPerImage;
        String size = String.format(Locale.ROOT, "%,d images of %,d bytes = %s", images, bytesPerImage, size(bytes));
        return switch (mode) {
            case BROADCAST -> new Choice(true, "broadcast (data.delivery = broadcast): " + size);
            case EXECUTORS -> new Choice(false, "read by each executor (data.delivery = executors): " + size);
            default -> bytes <= broadcastLimit
                    ? new Choice(true, "broadcast: " + size + " <= data.broadcast-limit " + size(broadcastLimit))
                    : new Choice(false, "read by each executor: " + size + " > data.broadcast-limit " + size(broadcastLimit));
        };
    }

    /**
     * @param broadcast true: the driver decodes and broadcasts; false: executors read from storage
     * @param reason    the choice and the sizes it was made on, for the start-up log
     */
    public record Choice(boolean broadcast, String reason) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** Bytes in binary units, e.g. {@code 5.3 MiB}. */
    public static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
