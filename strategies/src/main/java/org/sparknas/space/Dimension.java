package org.sparknas.space;

import java.util.List;

/**
 * One categorical dimension of a search space: a name and the values it may take.
 * Values are the real choices (a kernel size of 5, a resolution of 24), not indices, so that
 * keys, logs and Parquet columns read as what they are.
 */
public record Dimension(String name, List<Integer> choices) {

    public Dimension {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a dimension needs a name");
        }
        if (choices == null || choices.isEmpty()) {
            throw new IllegalArgumentException("dimension '" + name + "' has an empty choice list; give at least one value");
        }
        choices = List.copyOf(choices);
        if (choices.stream().distinct().count() != choices.size()) {
            throw new IllegalArgumentException("dimension '" + name + "' lists a value twice: " + choices);
        }
    }

    public int size() {
        return choices.size();
    }

    public boolean allows(int value) {
        return choices.contains(value);
    }

    public int first() {
        return choices.get(0);
    }
}
