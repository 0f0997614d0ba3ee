package org.sparknas.data;

/**
 * Where labelled images come from: a training set (from which validation and calibration images
 * are drawn, see {@link DataSplit}) and a test set (used only for final reports). Implementations
 * read real files ({@link FashionMnist}) or make data up for tests ({@link SyntheticImages}).
 */
public interface ImageSource {

    /** A short name for logs and manifests, e.g. {@code fashion-mnist}. */
    String name();

    ImageSet training();

    ImageSet test();
}
