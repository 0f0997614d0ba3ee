package org.sparknas.report;

import java.util.Arrays;
import java.util.Locale;
import org.sparknas.config.ConfigException;

/**
 * Which static PNG/SVG figures a report writes beside its interactive page, for papers and for
 * readers without JavaScript: none, one overview per run (its own objectives' Pareto plot), or
 * every plot (each objective pair of each run, hypervolume curves, the fronts across runs).
 */
public enum StaticFigures {
    NONE, OVERVIEW, ALL;

    /** Whether a figure is written: an overview one from {@code OVERVIEW} on, any other only with {@code ALL}. */
    boolean includes(boolean overview) {
        return this == ALL || (this == OVERVIEW && overview);
    }

    /** The option's value, e.g. {@code all}. */
    public String optionName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static StaticFigures parse(String text) {
        for (StaticFigures f : values()) {
            if (f.optionName().equals(text.trim().toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        throw new ConfigException("--figures " + text + " is not one of " + Arrays.stream(values())
                .map(StaticFigures::optionName).toList() + " (none: the page only; overview: one Pareto plot per run;"
                + " all: every plot)");
    }
}
