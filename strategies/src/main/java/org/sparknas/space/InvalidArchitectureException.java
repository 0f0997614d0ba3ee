package org.sparknas.space;

/** An encoding that is not a point of the space it was given to; the message names the dimension and value. */
public class InvalidArchitectureException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public InvalidArchitectureException(String message) {
        super(message);
    }
}
