package org.sparknas.data;

import java.util.List;
import java.util.TreeSet;

/** The message for a test set whose classes are not the training set's. */
final class LabelSets {

    private LabelSets() {
    }

    /**
     * @param test     the classes found at the test location
     * @param training the training set's classes
     */
    static String differ(String key, String location, List<String> test, List<String> training) {
        TreeSet<String> missing = new TreeSet<>(training);
        missing.removeAll(test);
        TreeSet<String> extra = new TreeSet<>(test);
        extra.removeAll(training);
        StringBuilder m = new StringBuilder("'" + key + "': the classes of " + location + " differ from the training"
                + " data's (data.path):");
        if (!extra.isEmpty()) {
            m.append(" only in the test data: ").append(String.join(", ", extra)).append(';');
        }
        if (!missing.isEmpty()) {
            m.append(" only in the training data: ").append(String.join(", ", missing)).append(';');
        }
        return m.append(" both must hold the same classes, or class indices would mean different classes").toString();
    }
}
