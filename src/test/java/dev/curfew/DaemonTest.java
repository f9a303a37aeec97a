package dev.curfew;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curfew.config.ConfigLoader;
import dev.curfew.history.HistoryEntry;
import dev.curfew.history.HistoryFilter;
import dev.curfew.history.HistoryStore;
import dev.curfew.policy.ActionType;
import dev.curfew.policy.TestRules;
import dev.curfew.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real daemon: Quartz firing sweeps of the demo into an H2 file, then an orderly stop. */
class DaemonTest {

    static Path writeConfig(Path dir, String interval) throws IOException {
        return ShippedConfig.copyTo(dir, interval);
    }

    @Test
    void sweepsTheDemoOnScheduleAndRecordsEveryAction(@TempDir Path dir) throws Exception {
        Curfew curfew = new Curfew(ConfigLoader.load(writeConfig(dir, "1s")), Path.of("rules"), Clock.systemUTC());
        Daemon daemon = Daemon.start(curfew);
        try {
            HistoryStore history = curfew.history();
            List<HistoryEntry> rows = Await.until(() -> history.query(HistoryFilter.ALL), r -> r.size() >= 3);
            assertThat(rows).extracting(HistoryEntry::user, HistoryEntry::action).containsExactlyInAnyOrder(
                    org.assertj.core.groups.Tuple.tuple("alice", ActionType.WARN),
                    org.assertj.core.groups.Tuple.tuple("bob", ActionType.LOGOFF),
                    org.assertj.core.groups.Tuple.tuple("frank", ActionType.DISCONNECT));
            long sweeps = Await.until(history::countSweeps, n -> n >= 4);
            assertThat(sweeps).isGreaterThanOrEqualTo(4);
            assertThat(history.query(HistoryFilter.ALL)).hasSize(3);
        } finally {
            daemon.close();
        }
        daemon.awaitStop();
        daemon.close();
        assertThat(dir.resolve("data").resolve("history.mv.db")).exists();
    }

    @Test
    void aStartOnRulesTheCompilerRejectsFailsWithTheirErrorBeforeAnyAction(@TempDir Path dir) throws Exception {
        Path rules = TestRules.copyOfShippedInto(dir);
        // The shipped rules would act at once on the demo (alice warned, bob logged off, frank disconnected).
        Files.writeString(rules.resolve("active.drl"), """
                package curfew.rules;
                import dev.curfew.session.Session;
                import dev.curfew.policy.DecisionSink;
                global DecisionSink decisions;
                rule "active as text"
                when
                    $s : Session( state == "ACTIVE" )
                then
                end
                """);
        writeConfig(dir, "1s");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), "--config", dir.toString(),
                "--rules", rules.toString(), "run");

        assertThat(code).isEqualTo(Main.BAD_USAGE);
        assertThat(err.toString().lines()).singleElement().asString().startsWith("curfew: " + rules.resolve("active.drl") + ":5: ");   // the rule: as `rules check` says it
        try (Curfew after = new Curfew(ConfigLoader.load(dir), rules, Clock.systemUTC())) {
            assertThat(after.history().query(HistoryFilter.ALL)).as("no action").isEmpty();
            assertThat(after.history().countSweeps()).as("no sweep").isZero();
        }
    }

    @Test
    void aSecondStartMarksPendingIntentsUnknown(@TempDir Path dir) throws Exception {
        var config = ConfigLoader.load(writeConfig(dir, "1h"));
        try (Curfew first = new Curfew(config, Path.of("rules"), Clock.systemUTC())) {
            var session = dev.curfew.session.Session.builder(dev.curfew.session.ServerName.of("ms01"), 7,
                    dev.curfew.session.SessionState.ACTIVE).user("zoe").observedAt(java.time.Instant.now()).build();
            first.history().recordIntent(new dev.curfew.history.Intent(java.time.Instant.now(), session,
                    ActionType.DISCONNECT, "idle limit", "idle 31m", dev.curfew.history.Source.POLICY, false));
        }
        Curfew second = new Curfew(config, Path.of("rules"), Clock.systemUTC());
        Daemon daemon = Daemon.start(second);
        try {
            List<HistoryEntry> zoe = second.history().query(
                    new HistoryFilter(null, null, null, "zoe", null, null, null, 0));
            assertThat(zoe).singleElement().satisfies(r -> {
                assertThat(r.outcome()).isEqualTo(dev.curfew.history.Outcome.UNKNOWN);
                assertThat(r.error()).isEqualTo(dev.curfew.history.HistoryStore.ABANDONED_NOTE);
            });
        } finally {
            daemon.close();
        }
    }
}
