package dev.curfew.directory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curfew.Await;
import dev.curfew.MemoryHistory;
import dev.curfew.MutableClock;
import dev.curfew.action.ActionResult;
import dev.curfew.action.ActionRunner;
import dev.curfew.policy.ActionType;
import dev.curfew.policy.Policy;
import dev.curfew.policy.PolicyEngine;
import dev.curfew.policy.RuleCompiler;
import dev.curfew.session.ServerName;
import dev.curfew.session.Session;
import dev.curfew.session.SessionHost;
import dev.curfew.session.SessionState;
import dev.curfew.sweep.Sweeper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kie.api.KieServices;

/** Sweeps stay on time while the directory hangs: they read only what is known, and act by group once it is. */
@Tag("timing")   // the sweeps' durations against the real clock while the directory sleeps
class SweepWithSlowDirectoryTest {
    static final ServerName MS01 = ServerName.of("ms01");
    static final Duration TIMEOUT = Duration.ofSeconds(2);

    @TempDir
    Path dir;

    final Clock clock = Clock.systemUTC();
    /** The directory's own clock, moved past its retry interval by hand. */
    final MutableClock directoryClock = new MutableClock(clock.instant());
    final List<String> loggedOff = new ArrayList<>();

    final SessionHost host = new SessionHost() {
        @Override public String kind() { return "test"; }
        @Override public List<ServerName> defaultServers() { return List.of(MS01); }
        @Override public List<Session> list(ServerName server) {
            return List.of(sessionOf(2, "alice"), sessionOf(3, "carol"));
        }
        @Override public void warn(ServerName s, int id, String title, String text) { }
        @Override public void disconnect(ServerName s, int id) { }
        @Override public void logoff(ServerName s, int id) { loggedOff.add(s + "#" + id); }
    };

    Session sessionOf(int id, String user) {
        return Session.builder(MS01, id, SessionState.ACTIVE).user(user).domain("SCHOOL").lastInput(clock.instant())
                .observedAt(clock.instant()).build();
    }

    @Test
    void aSweepNeverWaitsForTheDirectoryAndActsByGroupOnceTheGroupsAreKnown() throws Exception {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Files.writeString(rules.resolve("students.drl"), """
                package curfew.rules;
                import dev.curfew.session.Session;
                import dev.curfew.policy.ActionType;
                import dev.curfew.policy.DecisionSink;
                global DecisionSink decisions;
                rule "students out"
                when
                    $s : Session( userPresent, groupsKnown, this.memberOf("Students") )
                then
                    decisions.act($s, ActionType.LOGOFF, "students out", "not in a lesson");
                end
                """);
        PolicyEngine engine = new PolicyEngine(new RuleCompiler(KieServices.get()).compile(rules),
                Policy.defaults(ZoneId.of("UTC")));
        try (TestLdap ldap = new TestLdap(); MemoryHistory history = new MemoryHistory();
                Directory directory = Directory.open(ldap.config(dir.resolve("password"), null, TIMEOUT),
                        TestLdap.PASSWORD, s -> history.store().recordDirectory(s.since(), s.up(), s.error()), directoryClock)) {
            Sweeper sweeper = new Sweeper(host, engine, new ActionRunner(host, history.store(), clock), history.store(),
                    clock, dev.curfew.sweep.SweepListener.NONE, directory::withGroups);
            ldap.delay(Duration.ofSeconds(5));
            List<Long> millis = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                long t0 = System.nanoTime();
                Sweeper.Result r = sweeper.sweep(MS01, null);
                millis.add((System.nanoTime() - t0) / 1_000_000);
                assertThat(r.error()).isNull();
                assertThat(r.actions()).as("groups unknown: no rule by group applies").isEmpty();
                assertThat(directory.pending()).as("a lookup still hanging while the sweep is done").isPositive();
            }
            assertThat(millis).as("each sweep well within the directory's timeout").allMatch(m -> m < TIMEOUT.toMillis());
            Await.until("the timeout seen as an outage", Duration.ofSeconds(20), () -> !directory.status().up());
            assertThat(history.store().directoryStatus()).singleElement().asString().startsWith("down: 85 (timeout)");

            ldap.delay(Duration.ZERO);
            directoryClock.advance(Directory.RETRY);
            Await.until("the groups known after the retry", Duration.ofSeconds(60),
                    () -> directory.withGroups(sessionOf(2, "alice")).groupsKnown());
            List<ActionResult> actions = sweeper.sweep(MS01, null).actions();
            assertThat(actions).singleElement().satisfies(a -> {
                assertThat(a.decision().session().user()).isEqualTo("alice");
                assertThat(a.decision().action()).isEqualTo(ActionType.LOGOFF);
            });
            assertThat(loggedOff).containsExactly("ms01#2");
            assertThat(history.store().directoryStatus()).hasSize(2).last().isEqualTo("up");
        }
    }
}
