package dev.curfew;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.curfew.config.ConfigLoader;
import dev.curfew.config.CurfewConfig;
import dev.curfew.history.HistoryEntry;
import dev.curfew.history.HistoryFilter;
import dev.curfew.history.Outcome;
import dev.curfew.policy.TestRules;
import dev.curfew.session.ServerName;
import dev.curfew.session.Session;
import dev.curfew.session.SessionHost;
import dev.curfew.session.SessionHostException;
import dev.curfew.windows.EventIds;
import dev.curfew.windows.EventLog;
import dev.curfew.windows.FakeEventLog;
import dev.curfew.windows.FakeEventLogExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon's events in the (fake) event log: started, actions done and failed with non-ASCII user
 * names, a refused reload, stopped; and a stuck event log that holds up no action.
 */
@ExtendWith(FakeEventLogExtension.class)
class DaemonEventLogTest {
    private static final int INFORMATION = 4;
    private static final int WARNING = 2;
    private static final int ERROR = 1;

    @Test
    void theDaemonsEventsCarryTheirTextsAndAStuckEventLogHoldsUpNoAction(FakeEventLog fake, @TempDir Path dir)
            throws Exception {
        Path rules = TestRules.copyOfShippedInto(dir);
        Path config = Files.createDirectories(dir.resolve("config"));
        Files.writeString(config.resolve("day.yaml"), """
                zone: UTC
                start: 2026-11-23T08:00:00
                end: 2026-11-23T18:00:00
                servers:
                  - name: ts01
                    sessions:
                      - { id: 2, user: "Zoë Ørsted", domain: LAB, station: "RDP-Tcp#1", state: Disconnected,
                          logon: 2026-11-22T08:00:00, disconnected: 2026-11-22T09:00:00 }
                      - { id: 3, user: "学生", domain: LAB, station: "RDP-Tcp#2", state: Disconnected,
                          logon: 2026-11-22T08:00:00, disconnected: 2026-11-22T09:00:00 }
                """);
        Files.writeString(config.resolve("curfew.yaml"), """
                host: { backend: sim, scenario: day.yaml }
                sweep: { interval: 1h }
                history: { url: "jdbc:h2:mem:eventlog-%s;DB_CLOSE_DELAY=-1", dir: "%s" }
                policy: { zone: UTC, closing: { at: off } }
                http: { listen: off }
                log: { eventLog: on }
                """.formatted(UUID.randomUUID(), dir.resolve("data")));
        CurfewConfig loaded = ConfigLoader.load(config);

        fake.hold();   // the event log is stuck from the start: its first event waits in ReportEventW
        EventLog events = EventLog.forDaemon(loaded, false);
        Curfew curfew = new Curfew(loaded, rules, Clock.systemUTC()).withEvents(events);
        curfew.withHost(new FailingLogoff(curfew.host(), 3));
        Daemon daemon = Daemon.start(curfew);
        try {
            List<HistoryEntry> acted = Await.until(() -> curfew.history().query(HistoryFilter.ALL),
                    rows -> rows.size() == 2 && rows.stream().noneMatch(r -> r.outcome() == Outcome.PENDING));
            assertThat(acted).extracting(HistoryEntry::user, HistoryEntry::outcome).containsExactlyInAnyOrder(
                    tuple("Zoë Ørsted", Outcome.DONE), tuple("学生", Outcome.FAILED));
            assertThat(fake.waiting()).as("the writer still stuck on the first event").isEqualTo(1);
            assertThat(fake.events()).isEmpty();
            fake.release();

            Files.writeString(rules.resolve("idle.drl"), Files.readString(rules.resolve("idle.drl"))
                    .replace("idleSeconds >= $p.idle.limitSeconds )", "idleSeconds >= $p.idleLimitSecs )"));
            daemon.reloader().check();
            Await.until("the refused reload's event", Duration.ofSeconds(20),
                    () -> fake.events().stream().anyMatch(e -> e.id() == EventIds.RELOAD_REFUSED));
        } finally {
            daemon.close();
            events.close();
        }

        List<FakeEventLog.Event> written = fake.events();
        assertThat(written).filteredOn(e -> e.id() == EventIds.STARTED).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(INFORMATION);
            assertThat(e.text()).startsWith("curfew started in ")
                    .endsWith(" ms: 1 servers on the sim host, sweep every 1h, closing off");
        });
        // The scenario's clock runs from the host's making: the idle time's seconds vary.
        assertThat(written).filteredOn(e -> e.id() == EventIds.ACTION_DONE).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(INFORMATION);
            assertThat(e.text()).startsWith("ts01#2 (LAB\\Zoë Ørsted): logoff by \"disconnected limit\" (disconnected 23h")
                    .endsWith(") done");
        });
        assertThat(written).filteredOn(e -> e.id() == EventIds.ACTION_FAILED).containsExactly(new FakeEventLog.Event(
                WARNING, EventIds.ACTION_FAILED, "ts01#3 (LAB\\学生): logoff by \"disconnected limit\" failed:"
                        + " ts01: the session of 学生 would not log off"));
        assertThat(written).filteredOn(e -> e.id() == EventIds.RELOAD_REFUSED).extracting(FakeEventLog.Event::type,
                FakeEventLog.Event::text).containsExactly(tuple(ERROR, "Not reloaded (rules changed), the last good"
                        + " rules and policy keep running:\n  " + rules.resolve("idle.drl")
                        + ":16: Unknown field idleLimitSecs on class dev.curfew.policy.Policy"));
        assertThat(written.get(written.size() - 1)).isEqualTo(
                new FakeEventLog.Event(INFORMATION, EventIds.STOPPED, "curfew stopped"));
        assertThat(written).extracting(FakeEventLog.Event::id).doesNotHaveDuplicates();
        assertThat(events.lost()).isZero();
        fake.assertAllClosed();
    }

    /** The simulated server, whose session {@code failing} refuses to log off. */
    private record FailingLogoff(SessionHost host, int failing) implements SessionHost {
        @Override
        public String kind() {
            return host.kind();
        }

        @Override
        public List<ServerName> defaultServers() {
            return host.defaultServers();
        }

        @Override
        public List<Session> list(ServerName server) {
            return host.list(server);
        }

        @Override
        public void warn(ServerName server, int sessionId, String title, String text) {
            host.warn(server, sessionId, title, text);
        }

        @Override
        public void disconnect(ServerName server, int sessionId) {
            host.disconnect(server, sessionId);
        }

        @Override
        public void logoff(ServerName server, int sessionId) {
            if (sessionId == failing) {
                throw new SessionHostException(server, "the session of 学生 would not log off");
            }
            host.logoff(server, sessionId);
        }
    }
}
