package org.sparknas.config;

/**
 * Bad configuration or bad input detected before any work starts. The message names the key
 * or file that is wrong and how to fix it; the jobs map this exception to exit code 2.
 */
public class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
