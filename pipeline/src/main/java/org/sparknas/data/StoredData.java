package org.sparknas.data;

/**
 * The settings of data in storage ({@code data.source = image-folder} or {@code parquet}).
 *
 * @param path        the training images' folder or table (local path or Hadoop URI)
 * @param testPath    a separate test folder or table for reports only; null when there is none
 * @param imageSize   the side of the square images a network is given
 * @param channels    1 (grey) or 3 (RGB)
 * @param imageColumn the Parquet column of encoded image bytes
 * @param labelColumn the Parquet column of class names or indices
 */
public record StoredData(String path, String testPath, int imageSize, int channels, String imageColumn,
                         String labelColumn) {

    public ImageDecoder decoder() {
        return new ImageDecoder(channels, imageSize);
    }
}
