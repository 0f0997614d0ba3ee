package org.sparknas.jobs;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.sparknas.config.ConfigException;
import org.sparknas.config.SettingGroup;
import org.sparknas.search.SearchSettings;
import org.sparknas.strategy.Strategies;
import org.sparknas.train.TrainConfig;

/**
 * The configuration reference of {@code docs/configuration.md}, generated from the settings'
 * declarations ({@link SettingGroup}) so that it cannot drift from what the code reads. It is the
 * part of the document between {@link #BEGIN} and {@link #END}; the rest is written by hand.
 *
 * @param sections one per configuration file (or family of objects), in the document's order
 */
public record ConfigReference(List<Section> sections) {

    public static final String BEGIN = "<!-- generated: settings -->";
    public static final String END = "<!-- end generated -->";

    /** @param groups the objects the section's file accepts, each rendered as one table */
    public record Section(String title, String intro, List<SettingGroup> groups) {

        public Section {
            groups = List.copyOf(groups);
        }
    }

    public ConfigReference {
        sections = List.copyOf(sections);
    }

    /** The reference of sparknas' own configuration files. */
    public static ConfigReference sparknas() {
        return new ConfigReference(List.of(
                new Section("Search: `conf/search.conf`", "Read by `search` and `specialize`. The strategy's own settings"
                        + " (`strategy { ... }`) are listed in the next section; the space's in `conf/spaces/`.",
                        SearchSettings.GROUPS),
                new Section("Strategies: `strategy { ... }` of `conf/search.conf`", "One object: `name` picks a built-in"
                        + " strategy and the other keys are its settings (or `class` names a strategy of your own, see"
                        + " [strategies.md](strategies.md)). A generational strategy's `population` defaults to"
                        + " `search.generation-size`.", Strategies.settingGroups()),
                new Section("Supernet training: `conf/train.conf`", "Read by `train-supernet`. `data` is the same object,"
                        + " read by the same code, as the search's.", TrainConfig.GROUPS)));
    }

    /** The generated part, markers excluded. */
    public String markdown() {
        StringBuilder b = new StringBuilder();
        Set<SettingGroup> written = new HashSet<>();
        for (Section s : sections) {
            b.append("\n### ").append(s.title()).append("\n\n").append(s.intro()).append('\n');
            for (SettingGroup g : s.groups()) {
                b.append("\n#### ").append(heading(g)).append("\n\n");
                if (written.add(g)) {
                    b.append(capitalised(docAfterHeading(g))).append(".\n\n").append(g.markdown());
                } else {
                    // one object read by one declaration in two files (data): one table
                    b.append("The same object as above, read by the same declaration.\n");
                }
            }
        }
        return b.append('\n').toString();
    }

    /** {@code document} with its generated part replaced by {@link #markdown()}. */
    public String into(String document) {
        int begin = document.indexOf(BEGIN);
        int end = document.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new ConfigException("the document has no '" + BEGIN + "' ... '" + END + "' block to generate into");
        }
        return document.substring(0, begin + BEGIN.length()) + "\n" + markdown() + document.substring(end);
    }

    /**
     * The object's key; a strategy's group (all of them are {@code strategy}) also names the strategy,
     * which its doc opens with ({@code `name = nsga2`: ...}).
     */
    private static String heading(SettingGroup g) {
        if (g.path().isEmpty()) {
            return "Top level";
        }
        String doc = g.doc();
        if (doc.startsWith("`name = ") && doc.indexOf("`:", 1) > 0) {
            return "`" + g.path() + " { " + doc.substring(1, doc.indexOf("`:", 1)) + " }`";
        }
        return "`" + g.path() + "`";
    }

    /** The doc without the strategy name that {@link #heading} already shows. */
    private static String docAfterHeading(SettingGroup g) {
        String doc = g.doc();
        return doc.startsWith("`name = ") && doc.indexOf("`: ", 1) > 0 ? doc.substring(doc.indexOf("`: ", 1) + 3) : doc;
    }

    private static String capitalised(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
