package dev.curfew.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The idle limit and the exemptions, replayed second by second (scenarios/idle.yaml). */
class IdleScenarioTest {
    static List<String> actions;

    @BeforeAll
    static void replay(@TempDir Path dir) {
        var policy = Simulate.policy(dir, """
                  exempt:
                    users: ["svc_*"]
                    clients: ["KIOSK-*"]
                    stations: ["rdp-admin*"]
                """);
        actions = Simulate.run(Simulate.shippedRules(), policy, "idle.yaml", Duration.ofSeconds(1));
    }

    @Test
    void everyActionIsTakenAtTheSecondItIsDue() {
        assertThat(actions).containsExactly(
                "2026-11-23T08:28:00+01:00 ms01#2 alice warn (idle limit)",
                "2026-11-23T08:28:00+01:00 ms01#4 carol warn (idle limit)",
                "2026-11-23T08:28:00+01:00 ms01#5 dave warn (idle limit)",
                "2026-11-23T08:28:00+01:00 ms01#6 erin warn (idle limit)",
                "2026-11-23T08:30:00+01:00 ms01#2 alice disconnect (idle limit)",
                "2026-11-23T08:30:00+01:00 ms01#5 dave disconnect (idle limit)",
                "2026-11-23T08:56:00+01:00 ms01#3 bob warn (idle limit)",
                "2026-11-23T08:56:01+01:00 ms01#4 carol warn (idle limit)",
                "2026-11-23T08:58:00+01:00 ms01#3 bob disconnect (idle limit)",
                "2026-11-23T08:58:01+01:00 ms01#4 carol disconnect (idle limit)",
                "2026-11-23T09:08:00+01:00 ms01#5 dave warn (idle limit)",
                "2026-11-23T09:10:00+01:00 ms01#5 dave disconnect (idle limit)");
    }

    @Test
    void inputAtTheSecondOfTheWarningIsSeenFirstSoNoWarningGoesOut() {
        assertThat(actions).filteredOn(a -> a.contains(" bob ")).containsExactly(
                "2026-11-23T08:56:00+01:00 ms01#3 bob warn (idle limit)",
                "2026-11-23T08:58:00+01:00 ms01#3 bob disconnect (idle limit)");
    }

    @Test
    void inputAfterTheWarningCancelsTheAction() {
        assertThat(actions).filteredOn(a -> a.contains(" carol ")).containsExactly(
                "2026-11-23T08:28:00+01:00 ms01#4 carol warn (idle limit)",
                "2026-11-23T08:56:01+01:00 ms01#4 carol warn (idle limit)",
                "2026-11-23T08:58:01+01:00 ms01#4 carol disconnect (idle limit)");
    }

    @Test
    void aSessionThatReconnectsIsWarnedAndDisconnectedAgain() {
        assertThat(actions).filteredOn(a -> a.contains(" dave ")).hasSize(4)
                .last().isEqualTo("2026-11-23T09:10:00+01:00 ms01#5 dave disconnect (idle limit)");
    }

    @Test
    void aSessionThatLogsOffBeforeItsLimitGetsOnlyTheWarning() {
        assertThat(actions).filteredOn(a -> a.contains(" erin ")).containsExactly(
                "2026-11-23T08:28:00+01:00 ms01#6 erin warn (idle limit)");
    }

    @Test
    void exemptUsersClientsAndStationsGetNothingWhateverTheirCase() {
        assertThat(actions).noneMatch(a -> a.contains("SVC_Backup") || a.contains(" grace ") || a.contains(" heidi "));
    }

    @Test
    void withALongerStepAnActionAnnouncedByAWarningIsStillTakenAtTheSecondItIsDue(@TempDir Path dir) {
        var policy = Simulate.policy(dir, "");
        List<String> every4m = Simulate.run(Simulate.shippedRules(), policy, "idle.yaml", Duration.ofMinutes(4));
        // The warning at the 08:28 sweep is due at 08:30: a due check then, not the next sweep at 08:32.
        assertThat(every4m).filteredOn(a -> a.contains(" alice ")).containsExactly(
                "2026-11-23T08:28:00+01:00 ms01#2 alice warn (idle limit)",
                "2026-11-23T08:30:00+01:00 ms01#2 alice disconnect (idle limit)");
    }
}
