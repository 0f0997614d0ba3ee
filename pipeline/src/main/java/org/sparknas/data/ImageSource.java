package org.sparknas.data;

/**
 * Where labelled images come from: a training set (from which validation and calibration images
 * are drawn, see {@link DataSplit}) and a test set (used only for final reports). Implementations
 * read real files ({@link FashionMnist}) or make data up for tests ({@link SyntheticImages}); a source
 * over storage decodes images only when they are read.
 */
public interface ImageSource {

    /** A short name for logs and manifests, e.g. {@code fashion-mnist}. */
    String name();

    ImageCollection training();

    /** The images for final reports only; empty (count 0) when the source has none. */
    ImageCollection test();
}
