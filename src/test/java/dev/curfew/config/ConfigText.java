package dev.curfew.config;

import java.nio.file.Path;

/** Loads configuration text as if it were {@code conf/test.yaml}, for tests of the loader's values and messages. */
final class ConfigText {
    private ConfigText() {
    }

    static CurfewConfig load(String yaml) {
        return ConfigLoader.load("test.yaml", yaml, Path.of("conf"));
    }

    /** The one-line message the loader gives for {@code yaml}; fails when it accepts it. */
    static String error(String yaml) {
        try {
            load(yaml);
        } catch (ConfigException e) {
            return e.getMessage();
        }
        throw new AssertionError("no error for:\n" + yaml);
    }
}
