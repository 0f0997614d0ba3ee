package org.sparknas.store;

import java.util.regex.Pattern;
import org.sparknas.config.ConfigException;

/** Run ids name directories ({@code run_id=...}) on any file system, so they are kept to a safe alphabet. */
public final class RunIds {

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    private RunIds() {
    }

    public static String check(String runId) {
        if (!SAFE.matcher(runId).matches()) {
            throw new ConfigException("run id '" + runId + "' is not allowed: use 1-100 letters, digits, '.', '_' or '-',"
                    + " starting with a letter or digit");
        }
        return runId;
    }

    /** The id of a run whose id was not given: the strategy, the seed and a digest of the trajectory's settings. */
    public static String derived(String strategy, long seed, String configDigest) {
        return check(strategy + "-s" + seed + "-" + configDigest.substring(0, 10));
    }
}
