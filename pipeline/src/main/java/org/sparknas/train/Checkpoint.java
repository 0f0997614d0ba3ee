package org.sparknas.train;

import java.util.Map;
import java.util.TreeMap;

/**
 * Everything a killed training needs to go on as if it had not stopped: the position (with the
 * seed it fixes every random draw to come), the recipe it was trained with, the training time so
 * far, the supernet's parameters (running statistics included, as a supernet weights file), the
 * optimiser's momentum buffers and the training log.
 */
record Checkpoint(TrainingPosition position, Map<String, String> recipe, double seconds, byte[] weights,
                  byte[] optimizer, byte[] log) {

    Checkpoint {
        recipe = java.util.Collections.unmodifiableMap(new TreeMap<>(recipe));
    }
}
