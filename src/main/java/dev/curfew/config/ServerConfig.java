package dev.curfew.config;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.curfew.session.ServerName;
import java.time.Duration;

/** One server to sweep, written as its name or as {@code { name, interval }}; a null interval is the sweep's. */
public record ServerConfig(ServerName name, @JsonDeserialize(using = TextValue.Positive.class) Duration interval) {
    public ServerConfig {
        if (name == null) {
            throw new BadValue("name", "every server needs a name");
        }
    }

    /** A server written as its name alone. */
    public static ServerConfig valueOf(String name) {
        return new ServerConfig(ServerName.of(name), null);
    }
}
