package org.sparknas.data;

/**
 * Training (and optionally test) images in storage: a class-folder tree ({@link ImageFolderImages})
 * or a Parquet table ({@link ParquetImages}). Both are listed when the source is made, so that
 * every error about the data (a missing path, an empty class, a test set with other classes)
 * comes before any Spark job; images are decoded only when read.
 *
 * @param name     the data source, {@code image-folder} or {@code parquet}
 * @param training the training images, from which validation and calibration are drawn
 * @param test     the test images (count 0 when there is no test path)
 * @param identity what identifies the training images, recorded with a supernet's split
 */
public record StoredImageSource(String name, ImageCollection training, ImageCollection test, DataIdentity identity)
        implements ImageSource {

    /** The class-folder tree at {@code data.path} (and {@code data.test-path}). */
    public static StoredImageSource imageFolder(StoredData data) {
        ImageFolderImages training = ImageFolderImages.list(data.path(), data.decoder(), "data.path");
        ImageCollection test = data.testPath() == null ? training.select(new int[0])
                : ImageFolderImages.list(data.testPath(), data.decoder(), "data.test-path", training.classes());
        return new StoredImageSource(DataSettings.IMAGE_FOLDER, training, test,
                new DataIdentity(training.location(), training.count(), training.listingHash()));
    }

    /** The Parquet table at {@code data.path} (and {@code data.test-path}). */
    public static StoredImageSource parquet(StoredData data) {
        ParquetImages training = ParquetImages.open(data.path(), data.decoder(), data.imageColumn(), data.labelColumn(),
                "data.path");
        ImageCollection test = data.testPath() == null ? training.select(new int[0])
                : ParquetImages.open(data.testPath(), data.decoder(), data.imageColumn(), data.labelColumn(),
                "data.test-path", training.classes());
        return new StoredImageSource(DataSettings.PARQUET, training, test,
                new DataIdentity(training.location(), training.count(), training.listingHash()));
    }
}
