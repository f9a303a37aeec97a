package dev.curfew.config;

import dev.curfew.CurfewException;

/** A configuration, scenario or other input file is wrong; the message names file, position and key. */
public class ConfigException extends CurfewException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
