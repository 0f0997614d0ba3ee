package org.sparknas.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigIncludeContext;
import com.typesafe.config.ConfigIncluder;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigParseable;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads configuration files whose {@code include}s and relative file paths are found where the
 * file says or, failing that, flat beside it: {@code include "spaces/ofa-fmnist.conf"} reads
 * {@code <dir>/spaces/ofa-fmnist.conf}, else {@code <dir>/ofa-fmnist.conf}. The flat form is how
 * spark-submit's {@code --files} ships files in cluster mode (YARN, Kubernetes): every file lands
 * in the driver's working directory, without its folders.
 */
public final class ConfigFiles {

    private ConfigFiles() {
    }

    /** Parses {@code file} (which must exist), its includes resolved as the class says; an include found nowhere is an error. */
    public static Config parse(Path file) {
        // Absolute, so that a bare name (--config search.conf) has a folder to resolve includes in.
        return ConfigFactory.parseFile(file.toAbsolutePath().toFile(), ConfigParseOptions.defaults().setAllowMissing(false)
                .setIncluder(new FlatFallbackIncluder(null)));
    }

    /**
     * A path a configuration value names, relative paths resolved against the directory of the file
     * that set the value ({@code originFile}, null when set on the command line: the working
     * directory) or, when nothing is there, the same file name flat in that directory.
     */
    public static Path resolve(String path, String originFile) {
        Path p = Path.of(path);
        if (p.isAbsolute() || originFile == null) {
            return p;
        }
        Path dir = Path.of(originFile).toAbsolutePath().getParent();
        if (dir == null) {
            return p;
        }
        Path asWritten = dir.resolve(p).normalize();
        Path flat = dir.resolve(p.getFileName());
        return Files.exists(asWritten) || !Files.exists(flat) ? asWritten : flat;
    }

    /** {@code include "a/b.conf"}: a/b.conf beside the including file, else b.conf beside it, else an error. */
    private record FlatFallbackIncluder(ConfigIncluder fallback) implements ConfigIncluder {

        @Override
        public ConfigIncluder withFallback(ConfigIncluder next) {
            return fallback == null ? new FlatFallbackIncluder(next) : this;
        }

        @Override
        public ConfigObject include(ConfigIncludeContext context, String what) {
            if (isFile(context, what)) {
                return fallback.include(context, what);
            }
            Path name = Path.of(what).getFileName();
            if (name != null && !name.toString().equals(what) && isFile(context, name.toString())) {
                return fallback.include(context, name.toString());
            }
            throw new com.typesafe.config.ConfigException.Generic("include \"" + what + "\": no such file beside the"
                    + " including file, nor " + name + " flat beside it (with spark-submit --files, ship it too)");
        }

        /** Whether {@code what} names an existing file relative to the including file (else relativeTo gives a resource). */
        private static boolean isFile(ConfigIncludeContext context, String what) {
            ConfigParseable p = context.relativeTo(what);
            return p != null && p.origin().filename() != null && Files.isRegularFile(Path.of(p.origin().filename()));
        }
    }
}
