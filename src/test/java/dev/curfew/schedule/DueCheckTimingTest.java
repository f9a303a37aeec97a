package dev.curfew.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.curfew.Await;
import dev.curfew.Curfew;
import dev.curfew.Daemon;
import dev.curfew.config.ConfigLoader;
import dev.curfew.history.HistoryEntry;
import dev.curfew.history.HistoryFilter;
import dev.curfew.policy.ActionType;
import dev.curfew.session.ServerName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real time, real Quartz: with a sweep every 5 minutes, the idle warning and the disconnect still
 * come at their due instants, because each is a one-shot check planned from what the rules said
 * (the shipped idle rules, or a rule of one's own).
 * The bounds are generous for a loaded CI machine; the README gives the measured figures.
 */
@Tag("timing")   // lateness against the real clock
class DueCheckTimingTest {

    @Test
    void warningAndDisconnectComeWithinASecondOfDueWithoutPolling(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("curfew.yaml"), """
                host: { backend: sim, scenario: "%s" }
                sweep: { interval: 5m }
                history: { dir: "%s" }
                policy:
                  zone: UTC
                  idle: { limit: 6s, warn: 3s }
                  closing: { at: off }
                """.formatted(Path.of("src/test/resources/scenarios/one-idle-user.yaml").toAbsolutePath(),
                dir.resolve("data")));
        Curfew curfew = new Curfew(ConfigLoader.load(dir), Path.of("rules"), Clock.systemUTC());
        Daemon daemon = Daemon.start(curfew);
        try {
            Instant lastInput = curfew.host().session(ServerName.of("ts01"), 2).orElseThrow().lastInputTime();
            List<HistoryEntry> rows = Await.until(() -> curfew.history().query(HistoryFilter.ALL), r -> r.size() >= 2);

            assertThat(rows).extracting(HistoryEntry::action).containsExactly(ActionType.WARN, ActionType.DISCONNECT);
            Duration warnLate = lateness(rows.get(0).at(), lastInput.plusSeconds(3));
            Duration actLate = lateness(rows.get(1).at(), lastInput.plusSeconds(6));
            System.out.printf("due-check lateness: warning %d ms, disconnect %d ms%n", warnLate.toMillis(), actLate.toMillis());
            assertThat(warnLate).isBetween(Duration.ZERO, Duration.ofMillis(1500));
            assertThat(actLate).isBetween(Duration.ZERO, Duration.ofMillis(1500));
            assertThat(curfew.history().countSweeps()).as("one sweep, no polling").isEqualTo(1);
        } finally {
            daemon.close();
        }
    }

    /**
     * The case: a rule of one's own (as docs/examples/lab-lessons.drl) with a warning, and a
     * sweep every 5 minutes. Its warning's due instant and its dueAt are the due checks; no Java
     * copy of the rule tells the scheduler when.
     */
    @Test
    void aRuleOfOnesOwnWithAWarningWarnsAndActsWithinASecondOfItsDueInstants(@TempDir Path dir) throws Exception {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Files.writeString(rules.resolve("short-lessons.drl"), """
                package curfew.rules;
                import dev.curfew.session.Session;
                import dev.curfew.policy.ActionType;
                import dev.curfew.policy.DecisionSink;
                global DecisionSink decisions;

                rule "short lessons"
                when
                    $s : Session( state.connected, !exempt, clientName matches "(?i)PC-.*", idleSeconds >= 6 )
                then
                    decisions.act($s, ActionType.DISCONNECT, "short lessons", "idle " + DecisionSink.human($s.idleSeconds()));
                end

                rule "short lessons warning"
                when
                    $s : Session( state.connected, !exempt, clientName matches "(?i)PC-.*", idleSeconds >= 3, idleSeconds < 6 )
                then
                    decisions.warn($s, ActionType.DISCONNECT, "short lessons", "idle", $s.lastInputTime().plusSeconds(6));
                end

                rule "short lessons due"
                when
                    $s : Session( state.connected, !exempt, clientName matches "(?i)PC-.*", idleSeconds >= 0, idleSeconds < 3 )
                then
                    decisions.dueAt($s, $s.lastInputTime().plusSeconds(3), "short lessons");
                end
                """);
        Files.writeString(dir.resolve("curfew.yaml"), """
                host: { backend: sim, scenario: "%s" }
                sweep: { interval: 5m }
                history: { dir: "%s" }
                policy:
                  zone: UTC
                  idle: { limit: off }
                  disconnected: { limit: off }
                  closing: { at: off }
                """.formatted(Path.of("src/test/resources/scenarios/one-idle-user.yaml").toAbsolutePath(),
                dir.resolve("data")));
        Curfew curfew = new Curfew(ConfigLoader.load(dir), rules, Clock.systemUTC());
        Daemon daemon = Daemon.start(curfew);
        try {
            Instant lastInput = curfew.host().session(ServerName.of("ts01"), 2).orElseThrow().lastInputTime();
            List<HistoryEntry> rows = Await.until(() -> curfew.history().query(HistoryFilter.ALL), r -> r.size() >= 2);

            assertThat(rows).extracting(HistoryEntry::action, HistoryEntry::rule).containsExactly(
                    tuple(ActionType.WARN, "short lessons"), tuple(ActionType.DISCONNECT, "short lessons"));
            Duration warnLate = lateness(rows.get(0).at(), lastInput.plusSeconds(3));
            Duration actLate = lateness(rows.get(1).at(), lastInput.plusSeconds(6));
            System.out.printf("due-check lateness, a rule of one's own: warning %d ms, disconnect %d ms%n",
                    warnLate.toMillis(), actLate.toMillis());
            assertThat(warnLate).isBetween(Duration.ZERO, Duration.ofSeconds(1));
            assertThat(actLate).isBetween(Duration.ZERO, Duration.ofSeconds(1));
            assertThat(curfew.history().countSweeps()).as("one sweep, no polling").isEqualTo(1);
        } finally {
            daemon.close();
        }
    }

    static Duration lateness(Instant at, Instant due) {
        return Duration.between(due, at);
    }

}
