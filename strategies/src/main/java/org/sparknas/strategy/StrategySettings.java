package org.sparknas.strategy;

import java.util.ArrayList;
import java.util.List;
import org.sparknas.config.Setting;
import org.sparknas.config.SettingGroup;
import org.sparknas.config.StrictConfig;
import org.sparknas.space.SearchSpace;

/**
 * The settings every strategy object shares ({@code name}, {@code max-tries}) and the cross-key
 * check several strategies make; each strategy declares its own settings in its own file.
 */
final class StrategySettings {

    static final Setting<String> NAME = Setting.string("name", null, "which built-in strategy runs");
    static final Setting<Integer> MAX_TRIES = Setting.integer("max-tries", 10_000,
            "random draws per candidate before a constraint is reported as unsatisfiable").positive();
    /** The key of a strategy class of one's own, instead of {@code name}. */
    static final String CLASS = "class";
    /** The key of the strategies' own population, which the search fills in for generational ones. */
    static final String POPULATION = "population";

    private StrategySettings() {
    }

    /** The group of the strategy named {@code name}: {@code name} first, then its own settings. */
    static SettingGroup group(String name, String doc, Setting<?>... own) {
        List<Setting<?>> all = new ArrayList<>();
        all.add(NAME.check(name::equals, name));
        all.addAll(List.of(own));
        return new SettingGroup("strategy", "`name = " + name + "`: " + doc, all);
    }

    /** The declared default of a setting that has one, for a {@code Settings} record's {@code DEFAULTS}. */
    static <T> T defaultOf(Setting<T> setting) {
        return setting.defaultValue().orElseThrow(() -> new IllegalStateException(setting.key() + " has no default"));
    }

    /** Refuses a number of genes larger than the space has dimensions. */
    static void atMostDimensions(StrictConfig c, String key, double genes, SearchSpace space) {
        int dims = space.dimensions().size();
        if (genes > dims) {
            throw c.error(key, "is " + genes + ", more than the " + dims + " dimensions of space '" + space.name() + "'");
        }
    }
}
