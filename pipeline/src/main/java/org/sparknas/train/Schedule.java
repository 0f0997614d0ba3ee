package org.sparknas.train;

/** How the elastic dimensions are introduced: one after the other, or all from the first step. */
enum Schedule {
    /** Once-for-All's progressive shrinking: the phases of {@code progressive = [...]}. */
    PROGRESSIVE("progressive"),
    /** One phase in which every dimension is elastic from the start ({@code all-at-once { ... }}). */
    ALL_AT_ONCE("all-at-once");

    private final String configName;

    Schedule(String configName) {
        this.configName = configName;
    }

    String configName() {
        return configName;
    }

    static Schedule parse(String name) {
        for (Schedule s : values()) {
            if (s.configName.equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown schedule '" + name + "'; use progressive or all-at-once");
    }
}
