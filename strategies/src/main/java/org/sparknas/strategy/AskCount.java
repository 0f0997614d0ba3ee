package org.sparknas.strategy;

/** The one check every {@code ask(n)} shares: any n >= 0 is accepted, a negative n is a caller bug. */
final class AskCount {

    private AskCount() {
    }

    static int check(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("cannot ask for " + n + " candidates");
        }
        return n;
    }
}
