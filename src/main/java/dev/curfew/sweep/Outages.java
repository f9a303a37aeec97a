package dev.curfew.sweep;

import dev.curfew.session.ServerName;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The servers whose sweeps fail, and how long the sweeper backs off from each: 30 s after the first
 * failure, doubling up to 15 min; said once when an outage begins and once when it ends.
 */
final class Outages {
    private static final Logger log = LoggerFactory.getLogger(Sweeper.class);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(30);
    private static final Duration LONGEST_RETRY = Duration.ofMinutes(15);

    private final Map<ServerName, Sweeper.Outage> outages = new ConcurrentHashMap<>();

    Map<ServerName, Sweeper.Outage> now() {
        return Map.copyOf(outages);
    }

    /** The outage of {@code server}, or null when its sweeps succeed. */
    Sweeper.Outage of(ServerName server) {
        return outages.get(server);
    }

    /** A sweep of {@code server} succeeded: its outage, if any, ends. */
    void recovered(ServerName server, int sessions) {
        Sweeper.Outage gone = outages.remove(server);
        if (gone != null) {
            log.info("{}: reachable again after {} failed sweeps (down since {}), {} sessions", server,
                    gone.failures(), gone.since(), sessions);
        }
    }

    /** A sweep of {@code server} started at {@code started} failed; true when this begins an outage. */
    boolean failed(ServerName server, Instant started, String error) {
        Sweeper.Outage before = outages.get(server);
        int failures = before == null ? 1 : before.failures() + 1;
        Duration wait = FIRST_RETRY.multipliedBy(1L << Math.min(failures - 1, 10));
        if (wait.compareTo(LONGEST_RETRY) > 0) {
            wait = LONGEST_RETRY;
        }
        Instant since = before == null ? started : before.since();
        outages.put(server, new Sweeper.Outage(since, failures, started.plus(wait), error));
        if (before == null) {
            log.warn("{}: sweep failed: {} (retrying with backoff; logged once until it recovers)", server, error);
        } else {
            log.debug("{}: sweep still failing ({} times): {}", server, failures, error);
        }
        return before == null;
    }
}
