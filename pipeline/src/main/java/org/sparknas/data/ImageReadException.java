package org.sparknas.data;

import org.sparknas.config.ConfigException;

/**
 * An image that cannot be read or decoded: missing, unreadable, truncated, not an image, or of a
 * channel count that cannot be converted. The message names where the image is, so a user can fix
 * or remove it. A configuration error: a search or a training refuses to start on such data.
 */
public final class ImageReadException extends ConfigException {

    private static final long serialVersionUID = 1L;

    public ImageReadException(String message) {
        super(message);
    }

    public ImageReadException(String message, Throwable cause) {
        super(message, cause);
    }
}
