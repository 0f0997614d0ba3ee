package org.sparknas.supernet;

import java.util.Arrays;
import java.util.Comparator;

/** Channel orders by importance, for Once-for-All's width re-organisation. */
final class Importance {

    private Importance() {
    }

    /** Indices of {@code importance}, most important first; ties keep their current order (a stable sort). */
    static int[] descending(float[] importance) {
        Integer[] order = new Integer[importance.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> importance[i]).reversed());
        return Arrays.stream(order).mapToInt(Integer::intValue).toArray();
    }
}
