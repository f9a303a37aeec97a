package dev.curfew.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curfew.Await;
import dev.curfew.history.H2Extension;
import dev.curfew.history.HistoryFilter;
import dev.curfew.history.Intent;
import dev.curfew.history.Outcome;
import dev.curfew.history.Purge;
import dev.curfew.history.Retention;
import dev.curfew.history.Source;
import dev.curfew.policy.ActionType;
import dev.curfew.policy.Policy;
import dev.curfew.session.ServerName;
import dev.curfew.session.Session;
import dev.curfew.session.SessionState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RetentionJobTest {
    static final Instant NOW = Instant.parse("2026-11-23T03:00:00Z");

    @RegisterExtension
    final H2Extension h2 = new H2Extension();

    @Test
    void theQuartzTaskPurgesWhatIsOlderThanTheRetentionAndRecordsIt() throws InterruptedException {
        record(NOW.minus(Duration.ofDays(401)));
        record(NOW.minus(Duration.ofDays(399)));
        Scheduling scheduling = new Scheduling(null, () -> Policy.defaults(ZoneId.of("UTC")), 1, Clock.systemUTC());
        try {
            scheduling.every("history-retention", Duration.ZERO, Duration.ofDays(1),
                    new Retention(h2.store(), Duration.ofDays(400), Clock.fixed(NOW, ZoneOffset.UTC)));
            scheduling.start(java.util.List.of());
            Await.until(h2.store()::purges, purges -> !purges.isEmpty());
        } finally {
            scheduling.shutdown(10);
        }
        assertThat(h2.store().purges()).containsExactly(new Purge(NOW, NOW.minus(Duration.ofDays(400)), 1, 0, 0, 0));
        assertThat(h2.store().query(HistoryFilter.ALL)).singleElement()
                .satisfies(e -> assertThat(e.at()).isEqualTo(NOW.minus(Duration.ofDays(399))));
    }

    private void record(Instant at) {
        Session s = Session.builder(ServerName.of("ms01"), 2, SessionState.ACTIVE).user("alice").observedAt(at).build();
        long id = h2.store().recordIntent(new Intent(at, s, ActionType.DISCONNECT, "idle limit", "idle 30m",
                Source.POLICY, false));
        h2.store().recordOutcome(id, Outcome.DONE, null, at);
    }
}
