package org.sparknas.report;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.sparknas.config.ConfigException;
import org.sparknas.config.StrictConfig;
import org.sparknas.space.SearchSpace;
import org.sparknas.space.SearchSpaces;
import org.sparknas.store.RunRecord;

/**
 * The search space of a stored run, rebuilt from the configuration its catalog row keeps
 * ({@code config_json}), so that a report needs nothing but the tables. The rebuilt space must
 * have the fingerprint the run recorded: otherwise the architecture keys would be read in the
 * wrong space.
 */
final class RunSpace {

    private RunSpace() {
    }

    static SearchSpace of(RunRecord run) {
        Config config;
        try {
            config = ConfigFactory.parseString(run.configJson());
        } catch (com.typesafe.config.ConfigException e) {
            throw new ConfigException("run '" + run.runId() + "': its catalog's config_json is not valid JSON ("
                    + e.getMessage() + "); the runs table was not written by `sparknas search`", e);
        }
        if (!config.hasPath("space")) {
            throw new ConfigException("run '" + run.runId() + "': its catalog's config_json has no 'space' object, so its"
                    + " architecture keys cannot be read; report only runs written by `sparknas search`");
        }
        SearchSpace space = SearchSpaces.fromConfig(new StrictConfig(config, "").object("space"));
        if (!space.fingerprint().equals(run.spaceFingerprint())) {
            throw new ConfigException("run '" + run.runId() + "': the space in its config_json (" + space.name()
                    + ") does not have the fingerprint the run recorded (" + run.spaceFingerprint() + "); the catalog row"
                    + " was edited or written by another version of sparknas");
        }
        return space;
    }
}
