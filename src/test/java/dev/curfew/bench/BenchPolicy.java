package dev.curfew.bench;

import dev.curfew.policy.Policy;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;

/** The default policy (DESIGN.md) in UTC, with the closing and warnings a benchmark needs. */
final class BenchPolicy {
    private BenchPolicy() {
    }

    static Policy defaults() {
        return Policy.defaults(ZoneOffset.UTC);
    }

    /** The default policy with its closing at {@code cron} (null: off) and the given warnings. */
    static Policy closing(String cron, List<Duration> warnings) {
        return with(defaults(), defaults().idle().warn(), cron, warnings);
    }

    /** {@code p} with another idle warning lead, closing time and closing warnings. */
    static Policy with(Policy p, Duration idleWarn, String cron, List<Duration> warnings) {
        return p.withClosing(new Policy.ClosingTime(cron, warnings, p.closing().action(), p.closing().holidays()))
                .withIdle(new Policy.Idle(p.idle().limit(), idleWarn, p.idle().action()));
    }
}
