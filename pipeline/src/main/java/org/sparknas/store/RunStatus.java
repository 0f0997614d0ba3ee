package org.sparknas.store;

import java.util.Locale;

/** Where a run stands in the catalog. A run left {@code RUNNING} by a crash is resumed by the next start. */
public enum RunStatus {
    RUNNING,
    FINISHED,
    FAILED;

    public String storeName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RunStatus parse(String text) {
        return valueOf(text.toUpperCase(Locale.ROOT));
    }
}
