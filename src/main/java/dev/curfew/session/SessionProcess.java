package dev.curfew.session;

import java.time.Duration;
import java.util.Objects;

/**
 * One process on a server, as {@link SessionHost#processes} lists it.
 *
 * @param cpu the kernel and user time it has used since it started
 */
public record SessionProcess(int sessionId, int processId, String name, Duration cpu) {
    public SessionProcess {
        name = name == null ? "" : name;
        Objects.requireNonNull(cpu, "cpu");
    }
}
