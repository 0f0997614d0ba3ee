package org.sparknas.spark;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sparknas.config.ConfigException;

/**
 * Tells a failed evaluation job caused by bad input on an executor (a {@link ConfigException} while
 * it built its evaluator, e.g. an image it cannot read) from any other failure. Such an error is
 * the same for every candidate, so it stops the search as a configuration error naming the input,
 * rather than becoming one failed trial per candidate.
 */
final class ExecutorInputErrors {

    /** How Spark's job failure quotes a task's exception when the exception itself did not travel back. */
    private static final Pattern QUOTED = Pattern.compile("(org\\.sparknas\\.[\\w.$]+): ([^\\n]*)");

    private ExecutorInputErrors() {
    }

    /** The configuration error that failed the job, as one for the driver to stop on; empty for other failures. */
    static Optional<ConfigException> of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConfigException config) {
                return Optional.of(stop(config.getMessage(), failure));
            }
        }
        // Spark sends the exception back only when it can serialise it (with its causes); its message always comes
        Matcher quoted = QUOTED.matcher(String.valueOf(failure.getMessage()));
        while (quoted.find()) {
            if (isConfigException(quoted.group(1))) {
                return Optional.of(stop(quoted.group(2), failure));
            }
        }
        return Optional.empty();
    }

    private static ConfigException stop(String message, Throwable failure) {
        return new ConfigException("an executor stopped on bad input: " + message + ". Every candidate needs it, so the"
                + " search stopped before recording this generation; fix the input and re-run the same command to resume"
                + " the run", failure);
    }

    private static boolean isConfigException(String className) {
        try {
            return ConfigException.class.isAssignableFrom(Class.forName(className, false,
                    ExecutorInputErrors.class.getClassLoader()));
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
