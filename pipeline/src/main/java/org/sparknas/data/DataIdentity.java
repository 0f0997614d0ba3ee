package org.sparknas.data;

/**
 * What identifies stored training data beyond the settings that name it: where it is, how many
 * images it holds, and a short hash of its listing (each image's name and class), so that a
 * supernet's manifest can tell when the data at the same path has changed since it was trained.
 *
 * @param path   {@code data.path} as a fully qualified URI (a plain path resolved to a {@code file:} URI)
 * @param images the training images listed there
 * @param hash   the first 16 hex digits of the SHA-256 of the sorted (name, class) list
 */
public record DataIdentity(String path, int images, String hash) {
}
