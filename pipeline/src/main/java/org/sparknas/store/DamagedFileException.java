package org.sparknas.store;

import java.util.OptionalInt;

/**
 * A stored file that cannot be read back as it was written: cut short, or with a changed byte that
 * its own checksums give away. Stored files carry those checksums (Parquet page checksums, verified on
 * every read), so a damaged file is noticed without side files, on object stores as well.
 */
public final class DamagedFileException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String file;
    private final OptionalInt generation;

    /**
     * @param file       the file, as the store names it
     * @param generation the run's generation the file holds, when it is a generation's trial file
     */
    public DamagedFileException(String file, OptionalInt generation, Throwable cause) {
        super(file + " is damaged (" + rootMessage(cause) + ")", cause);
        this.file = file;
        this.generation = generation;
    }

    public String file() {
        return file;
    }

    public OptionalInt generation() {
        return generation;
    }

    /** The same damage, known to be the file of one generation of its run. */
    public DamagedFileException ofGeneration(int g) {
        return new DamagedFileException(file, OptionalInt.of(g), getCause());
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }
}
