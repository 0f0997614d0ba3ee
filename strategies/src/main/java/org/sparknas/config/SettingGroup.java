package org.sparknas.config;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The settings of one configuration object (e.g. {@code data} or {@code strategy} for nsga2),
 * declared once: which keys the object accepts, and the reference table for the docs.
 *
 * @param path     the object's key from the root, as the reference names it, e.g. {@code "data"}
 * @param doc      one line on what the object is for
 * @param settings its settings, in the order the reference lists them
 * @param objects  nested objects it also accepts, each read by its own group or code (e.g.
 *                 {@code reward} in {@code search}); listed with their doc, not typed, here
 */
public record SettingGroup(String path, String doc, List<Setting<?>> settings, List<Nested> objects) {

    /** A nested object's key and one line on it (where its own keys are documented). */
    public record Nested(String key, String doc) {
    }

    /** Declares a nested object. */
    public static Nested nested(String key, String doc) {
        return new Nested(key, doc);
    }

    public SettingGroup {
        settings = List.copyOf(settings);
        objects = List.copyOf(objects);
        Set<String> seen = new LinkedHashSet<>();
        for (Setting<?> s : settings) {
            if (!seen.add(s.key())) {
                throw new IllegalArgumentException("setting '" + s.key() + "' is declared twice in '" + path + "'");
            }
        }
        for (Nested o : objects) {
            if (!seen.add(o.key())) {
                throw new IllegalArgumentException("key '" + o.key() + "' is declared twice in '" + path + "'");
            }
        }
    }

    public SettingGroup(String path, String doc, List<Setting<?>> settings) {
        this(path, doc, settings, List.of());
    }

    /** Every key this object accepts. */
    public Set<String> keys() {
        Set<String> keys = new LinkedHashSet<>();
        settings.forEach(s -> keys.add(s.key()));
        objects.forEach(o -> keys.add(o.key()));
        return keys;
    }

    /** Refuses any key of {@code config} this group does not declare, naming the known ones. */
    public StrictConfig checkKeys(StrictConfig config) {
        return config.requireOnly(keys());
    }

    /** The reference table of this group, as Markdown: key, type, default, rule, meaning. */
    public String markdown() {
        StringBuilder b = new StringBuilder();
        b.append("| key | type | default | must be | meaning |\n| --- | --- | --- | --- | --- |\n");
        for (Setting<?> s : settings) {
            b.append("| `").append(qualified(s.key())).append("` | ").append(s.typeName()).append(" | `")
                    .append(s.defaultText().replace("|", "\\|")).append("` | ").append(s.rule().replace("|", "\\|"))
                    .append(" | ").append(s.doc().replace("|", "\\|")).append(" |\n");
        }
        for (Nested o : objects) {
            b.append("| `").append(qualified(o.key())).append("` | object | | | ").append(o.doc().replace("|", "\\|"))
                    .append(" |\n");
        }
        return b.toString();
    }

    private String qualified(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }
}
