package org.sparknas.config;

import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * One configuration setting, declared once: its key, type, default, the rules its value must meet
 * and a one-line doc. Reading ({@link #read}), the error message of a bad value, and the generated
 * reference ({@link SettingGroup#markdown}) all come from this one declaration, in the spirit of
 * Spark ML's {@code Param}: nothing about a setting is written twice.
 *
 * <p>Declarations are immutable; {@link #check}, {@link #positive()} and friends return a new one.
 *
 * @param <T> the value's Java type
 */
public final class Setting<T> {

    private final String key;
    private final ValueType<T> type;
    private final T defaultValue;
    private final String doc;
    private final List<Rule<T>> rules;
    /** When the default is another setting's value (read by the caller), what the reference says instead; else null. */
    private final String derivedDefault;

    private Setting(String key, ValueType<T> type, T defaultValue, String doc, List<Rule<T>> rules) {
        this(key, type, defaultValue, doc, rules, null);
    }

    private Setting(String key, ValueType<T> type, T defaultValue, String doc, List<Rule<T>> rules, String derivedDefault) {
        if (key == null || key.isBlank() || doc == null || doc.isBlank()) {
            throw new IllegalArgumentException("a setting needs a key and a doc, got key '" + key + "'");
        }
        this.key = key;
        this.type = type;
        this.defaultValue = defaultValue;
        this.doc = doc;
        this.rules = List.copyOf(rules);
        this.derivedDefault = derivedDefault;
        if (defaultValue != null && derivedDefault != null) {
            throw new IllegalArgumentException("'" + key + "' has both a default and a derived default");
        }
        if (defaultValue != null) {
            for (Rule<T> rule : this.rules) {
                if (!rule.test().test(defaultValue)) {
                    throw new IllegalArgumentException("the default of '" + key + "' (" + defaultValue + ") breaks its own rule: "
                            + rule.text());
                }
            }
        }
    }

    /** A whole number; fractions are refused rather than truncated (Typesafe Config would turn 2.5 into 2). */
    public static Setting<Integer> integer(String key, Integer defaultValue, String doc) {
        return new Setting<>(key, ValueType.INTEGER, defaultValue, doc, List.of());
    }

    /** A whole number that may exceed an int (seeds, caps). */
    public static Setting<Long> longInteger(String key, Long defaultValue, String doc) {
        return new Setting<>(key, ValueType.LONG, defaultValue, doc, List.of());
    }

    /** A size in bytes, written as a whole number or in HOCON's size format ({@code 256M}, {@code 1 GiB}). */
    public static Setting<Long> size(String key, Long defaultValue, String doc) {
        return new Setting<>(key, ValueType.SIZE, defaultValue, doc, List.of());
    }

    public static Setting<Double> number(String key, Double defaultValue, String doc) {
        return new Setting<>(key, ValueType.NUMBER, defaultValue, doc, List.of());
    }

    public static Setting<Boolean> flag(String key, Boolean defaultValue, String doc) {
        return new Setting<>(key, ValueType.BOOLEAN, defaultValue, doc, List.of());
    }

    public static Setting<String> string(String key, String defaultValue, String doc) {
        return new Setting<>(key, ValueType.STRING, defaultValue, doc, List.of());
    }

    public static Setting<List<String>> strings(String key, List<String> defaultValue, String doc) {
        return new Setting<>(key, ValueType.STRINGS, defaultValue == null ? null : List.copyOf(defaultValue), doc, List.of());
    }

    public static Setting<List<Integer>> integers(String key, List<Integer> defaultValue, String doc) {
        return new Setting<>(key, ValueType.INTEGERS, defaultValue == null ? null : List.copyOf(defaultValue), doc, List.of());
    }

    /**
     * The same setting with one more rule. {@code rule} completes "must be ..." in the error
     * message and in the reference, e.g. {@code "positive"} or {@code "in [0, 1]"}.
     */
    public Setting<T> check(Predicate<T> test, String rule) {
        List<Rule<T>> more = new ArrayList<>(rules);
        more.add(new Rule<>(test, rule));
        return new Setting<>(key, type, defaultValue, doc, more, derivedDefault);
    }

    /**
     * The same setting, optional, its default taken from elsewhere when absent (e.g. a phase's
     * {@code subnets} from {@code sampling.subnets}); {@code text} is what the reference writes as
     * its default. Read it with {@link #readIfSet}.
     */
    public Setting<T> defaultFrom(String text) {
        return new Setting<>(key, type, defaultValue, doc, rules, text);
    }

    /** Greater than zero (numbers only). */
    public Setting<T> positive() {
        return check(v -> ((Number) v).doubleValue() > 0, "positive");
    }

    /** At least {@code min} (numbers only). */
    public Setting<T> atLeast(double min) {
        return check(v -> ((Number) v).doubleValue() >= min, "at least " + format(min));
    }

    /** In the closed interval [{@code min}, {@code max}] (numbers only). */
    public Setting<T> between(double min, double max) {
        return check(v -> {
            double d = ((Number) v).doubleValue();
            return d >= min && d <= max;
        }, "in [" + format(min) + ", " + format(max) + "]");
    }

    /** A probability: in [0, 1]. */
    public Setting<T> probability() {
        return between(0, 1);
    }

    /** One of {@code allowed} (strings only). */
    public Setting<T> oneOf(String... allowed) {
        List<String> list = List.of(allowed);
        return check(v -> list.contains(v), "one of " + String.join(", ", list));
    }

    public String key() {
        return key;
    }

    public String doc() {
        return doc;
    }

    /** The default; empty when the setting is required. */
    public Optional<T> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    public boolean required() {
        return defaultValue == null && derivedDefault == null;
    }

    /** The type as the reference writes it, e.g. "integer" or "list of strings". */
    public String typeName() {
        return type.name;
    }

    /** The rules, joined as the reference and error messages write them; empty when there are none. */
    public String rule() {
        return rules.stream().map(Rule::text).collect(Collectors.joining(" and "));
    }

    /**
     * The value of this setting in {@code config} (an object whose keys are relative to it), or its
     * default when absent; a missing required setting, a wrong type or a broken rule is a
     * {@link ConfigException} naming the full key, where it was set, the value and the rule.
     */
    public T read(StrictConfig config) {
        if (!config.has(key)) {
            if (derivedDefault != null) {
                throw new IllegalStateException("'" + key + "' defaults to " + derivedDefault + "; read it with readIfSet");
            }
            if (defaultValue == null) {
                throw config.error(key, "is missing; it is required (" + doc + ")");
            }
            return defaultValue;
        }
        T value = type.read(config, key);
        for (Rule<T> rule : rules) {
            if (!rule.test().test(value)) {
                throw config.error(key, "must be " + rule.text() + ", got " + value);
            }
        }
        return value;
    }

    /** The value in {@code config}, checked as {@link #read} does; empty when absent (for a setting without a fixed default). */
    public Optional<T> readIfSet(StrictConfig config) {
        return config.has(key) ? Optional.of(read(config)) : Optional.empty();
    }

    /** The default as the reference writes it: HOCON-like, "(required)" when there is none. */
    public String defaultText() {
        if (derivedDefault != null) {
            return derivedDefault;
        }
        if (defaultValue == null) {
            return "(required)";
        }
        if (defaultValue instanceof String s) {
            return s.isEmpty() ? "\"\"" : s;
        }
        if (defaultValue instanceof List<?> l) {
            return l.stream().map(e -> e instanceof String ? "\"" + e + "\"" : String.valueOf(e))
                    .collect(Collectors.joining(", ", "[", "]"));
        }
        if (defaultValue instanceof Double d) {
            return format(d);
        }
        return String.valueOf(defaultValue);
    }

    @Override
    public String toString() {
        return key + " (" + typeName() + ", default " + defaultText() + (rules.isEmpty() ? "" : ", " + rule()) + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Setting<?> s && key.equals(s.key) && type == s.type && Objects.equals(defaultValue, s.defaultValue)
                && doc.equals(s.doc) && rule().equals(s.rule()) && Objects.equals(derivedDefault, s.derivedDefault);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, type.name, defaultValue, doc);
    }

    private static String format(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.valueOf(d);
    }

    private record Rule<T>(Predicate<T> test, String text) {
    }

    /** How a value of one type is read, with the type named in the error. */
    private static final class ValueType<T> {

        static final ValueType<Integer> INTEGER = new ValueType<>("integer", (c, k) -> {
            wholeNumber(c, k);
            return c.integer(k);
        });
        static final ValueType<Long> LONG = new ValueType<>("integer", (c, k) -> {
            wholeNumber(c, k);
            return c.longValue(k, 0);
        });
        static final ValueType<Long> SIZE = new ValueType<>("size (bytes, or e.g. 256M)", StrictConfig::bytes);
        static final ValueType<Double> NUMBER = new ValueType<>("number", StrictConfig::number);
        static final ValueType<Boolean> BOOLEAN = new ValueType<>("boolean", (c, k) -> c.bool(k, false));
        static final ValueType<String> STRING = new ValueType<>("string", StrictConfig::string);
        static final ValueType<List<String>> STRINGS = new ValueType<>("list of strings", (c, k) -> c.strings(k, List.of()));
        static final ValueType<List<Integer>> INTEGERS = new ValueType<>("list of integers", StrictConfig::integers);

        final String name;
        private final java.util.function.BiFunction<StrictConfig, String, T> reader;

        private ValueType(String name, java.util.function.BiFunction<StrictConfig, String, T> reader) {
            this.name = name;
            this.reader = reader;
        }

        T read(StrictConfig c, String k) {
            return reader.apply(c, k);
        }

        private static void wholeNumber(StrictConfig c, String k) {
            if (c.type(k) == ConfigValueType.NUMBER) {
                double raw = c.number(k);
                if (raw != Math.rint(raw)) {
                    throw c.error(k, "must be a whole number, got " + raw);
                }
            }
        }
    }
}
