package dev.curfew.config;

import dev.curfew.session.ServerName;
import java.time.Duration;
import java.util.Objects;

/** One server to sweep, with its own sweep interval or null for the default. */
public record ServerConfig(ServerName name, Duration interval) {
    public ServerConfig {
        Objects.requireNonNull(name, "name");
    }
}
