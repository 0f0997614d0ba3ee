package org.sparknas.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException.Missing;
import com.typesafe.config.ConfigException.WrongType;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A thin, strict reader over a Typesafe {@link Config} object: typed getters whose errors
 * name the full key and where it was defined, and a check that refuses unknown keys (a typo
 * in a key would otherwise be silently ignored and the default used).
 */
public final class StrictConfig {

    private final Config config;
    private final String path;

    /**
     * @param config the object to read
     * @param path   the key of this object from the root, used in messages (e.g. "space.stages[1]")
     */
    public StrictConfig(Config config, String path) {
        this.config = config;
        this.path = path;
    }

    public Config raw() {
        return config;
    }

    public String path() {
        return path;
    }

    public String key(String relative) {
        return path.isEmpty() ? relative : path + "." + relative;
    }

    /** Refuses any top-level key of this object that is not in {@code known}. */
    public StrictConfig requireOnly(Set<String> known) {
        for (String k : config.root().keySet()) {
            if (!known.contains(k)) {
                throw new ConfigException("unknown key '" + key(k) + "'" + where(k)
                        + "; known keys here: " + String.join(", ", new TreeSet<>(known)));
            }
        }
        return this;
    }

    public boolean has(String k) {
        return config.hasPath(k);
    }

    public String string(String k) {
        try {
            return config.getString(k);
        } catch (Missing e) {
            throw missing(k);
        } catch (WrongType e) {
            throw wrongType(k, "a string");
        }
    }

    public String string(String k, String fallback) {
        return has(k) ? string(k) : fallback;
    }

    public int integer(String k) {
        try {
            return config.getInt(k);
        } catch (Missing e) {
            throw missing(k);
        } catch (WrongType e) {
            throw wrongType(k, "an integer");
        }
    }

    public int integer(String k, int fallback) {
        return has(k) ? integer(k) : fallback;
    }

    public long longValue(String k, long fallback) {
        if (!has(k)) {
            return fallback;
        }
        try {
            return config.getLong(k);
        } catch (WrongType e) {
            throw wrongType(k, "an integer");
        }
    }

    /** A size in bytes: a whole number, or HOCON's size format ({@code 256M}, {@code 1 GiB}). */
    public long bytes(String k) {
        try {
            return config.getBytes(k);
        } catch (Missing e) {
            throw missing(k);
        } catch (WrongType | com.typesafe.config.ConfigException.BadValue e) {
            throw wrongType(k, "a size in bytes (a whole number, or e.g. 256M, 1G)");
        }
    }

    public double number(String k) {
        try {
            return config.getDouble(k);
        } catch (Missing e) {
            throw missing(k);
        } catch (WrongType e) {
            throw wrongType(k, "a number");
        }
    }

    public double number(String k, double fallback) {
        return has(k) ? number(k) : fallback;
    }

    public boolean bool(String k, boolean fallback) {
        if (!has(k)) {
            return fallback;
        }
        try {
            return config.getBoolean(k);
        } catch (WrongType e) {
            throw wrongType(k, "true or false");
        }
    }

    public List<Integer> integers(String k) {
        try {
            return List.copyOf(config.getIntList(k));
        } catch (Missing e) {
            throw missing(k);
        } catch (WrongType e) {
            throw wrongType(k, "a list of integers");
        }
    }

    public List<Integer> integers(String k, List<Integer> fallback) {
        return has(k) ? integers(k) : fallback;
    }

    public List<String> strings(String k, List<String> fallback) {
        if (!has(k)) {
            return fallback;
        }
        try {
            return List.copyOf(config.getStringList(k));
        } catch (WrongType e) {
            throw wrongType(k, "a list of strings");
        }
    }

    public StrictConfig object(String k) {
        try {
            return new StrictConfig(config.getConfig(k), key(k));
        } catch (Missing e) {
            throw missing(k);
        } catch (WrongType e) {
            throw wrongType(k, "an object { ... }");
        }
    }

    /** The object at {@code k}, or an empty one when {@code k} is absent: every setting in it takes its default. */
    public StrictConfig objectOrEmpty(String k) {
        return has(k) ? object(k) : new StrictConfig(com.typesafe.config.ConfigFactory.empty(), key(k));
    }

    public List<StrictConfig> objects(String k) {
        try {
            List<? extends Config> list = config.getConfigList(k);
            List<StrictConfig> out = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                out.add(new StrictConfig(list.get(i), key(k) + "[" + i + "]"));
            }
            return out;
        } catch (Missing e) {
            throw missing(k);
        } catch (WrongType e) {
            throw wrongType(k, "a list of objects [ {...}, ... ]");
        }
    }

    public ConfigValueType type(String k) {
        return config.getValue(k).valueType();
    }

    /** A {@link ConfigException} about key {@code k} of this object. */
    public ConfigException error(String k, String problem) {
        return new ConfigException("'" + key(k) + "'" + where(k) + ": " + problem);
    }

    private ConfigException missing(String k) {
        return new ConfigException("missing key '" + key(k) + "'" + where(null) + "; add it to the configuration");
    }

    private ConfigException wrongType(String k, String expected) {
        return new ConfigException("'" + key(k) + "'" + where(k) + " must be " + expected);
    }

    private String where(String k) {
        ConfigValue v = config.root();
        if (k != null && config.hasPath(k)) {
            v = config.getValue(k);
        }
        String description = v.origin().description();
        return description == null || description.isEmpty() ? "" : " (" + description + ")";
    }
}
