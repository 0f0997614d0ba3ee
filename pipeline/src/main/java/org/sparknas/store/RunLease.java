package org.sparknas.store;

/** The right to write one run, held by one driver at a time (see {@link TrialStore#lockRun}); closing it gives it up. */
public interface RunLease extends AutoCloseable {

    @Override
    void close();
}
