package dev.curfew.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curfew.MemoryHistory;
import dev.curfew.MutableClock;
import dev.curfew.action.ActionRunner;
import dev.curfew.history.HistoryEntry;
import dev.curfew.history.HistoryFilter;
import dev.curfew.policy.ActionType;
import dev.curfew.policy.Policy;
import dev.curfew.policy.PolicyEngine;
import dev.curfew.policy.Profile;
import dev.curfew.policy.TestRules;
import dev.curfew.policy.Wildcard;
import dev.curfew.session.ServerName;
import dev.curfew.session.Session;
import dev.curfew.session.SessionHost;
import dev.curfew.session.SessionState;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The history records each action's profile, and a profile's warning text is the one sent. */
class ProfileHistoryTest {
    static final ServerName MS01 = ServerName.of("ms01");
    static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    final MutableClock clock = new MutableClock(T0);
    final List<String> sent = new ArrayList<>();

    final SessionHost host = new SessionHost() {
        @Override public String kind() { return "test"; }
        @Override public List<ServerName> defaultServers() { return List.of(MS01); }
        @Override public List<Session> list(ServerName server) {
            return List.of(seated(2, "kiosk", "KIOSK-1", Duration.ofMinutes(4)),
                    seated(3, "desk", "PC-1", Duration.ofMinutes(31)));
        }
        @Override public void warn(ServerName s, int id, String title, String text) { sent.add(title + ": " + text); }
        @Override public void disconnect(ServerName s, int id) { }
        @Override public void logoff(ServerName s, int id) { }
    };

    Session seated(int id, String user, String client, Duration idle) {
        return Session.builder(MS01, id, SessionState.ACTIVE).user(user).clientName(client)
                .lastInput(clock.instant().minus(idle)).observedAt(clock.instant()).build();
    }

    @Test
    void eachActionIsRecordedWithItsSessionsProfile() {
        Profile kiosks = new Profile("kiosks", List.of(), List.of(), List.of(Wildcard.of("KIOSK-*")),
                new Policy.Idle(Duration.ofMinutes(5), Duration.ofMinutes(2), ActionType.LOGOFF), null, null, null, null,
                new Policy.Message("Kiosk", "{user}, this kiosk logs off soon"), null);
        Policy base = Policy.defaults(ZoneId.of("UTC"));
        Policy policy = new Policy(base.zone(), base.idle(), base.disconnected(), base.session(), base.closing(),
                base.exempt(), base.protect(), false, base.message(), List.of(kiosks), null);
        try (MemoryHistory history = new MemoryHistory()) {
            Sweeper sweeper = new Sweeper(host, new PolicyEngine(TestRules.shipped(), policy),
                    new ActionRunner(host, history.store(), clock), history.store(), clock);
            sweeper.sweep(MS01, null);
            List<HistoryEntry> rows = history.store().query(HistoryFilter.ALL);
            assertThat(rows).extracting(HistoryEntry::user, HistoryEntry::action, HistoryEntry::profile)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple("kiosk", ActionType.WARN, "kiosks"),
                            org.assertj.core.groups.Tuple.tuple("desk", ActionType.DISCONNECT, null));
            assertThat(sent).containsExactly("Kiosk: kiosk, this kiosk logs off soon");
        }
    }
}
