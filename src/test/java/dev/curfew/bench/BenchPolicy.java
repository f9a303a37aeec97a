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
        return with(defaults(), defaults().idleWarn(), cron, warnings);
    }

    /** {@code p} with another idle warning lead, closing time and closing warnings. */
    static Policy with(Policy p, Duration idleWarn, String cron, List<Duration> warnings) {
        return new Policy(p.zone(), p.idleLimit(), idleWarn, p.idleAction(), p.disconnectedLimit(),
                p.disconnectedAction(), p.sessionLimit(), p.sessionWarn(), p.sessionAction(), cron, warnings,
                p.closingAction(), p.holidays(), p.exemptUsers(), p.exemptClients(), p.exemptStations(),
                p.protectConsole(), p.whatIf(), p.messageTitle(), p.messageText());
    }
}
