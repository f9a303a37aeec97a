package dev.curfew.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curfew.policy.Policy;
import dev.curfew.session.sim.ScenarioReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sessions busy with a program or with CPU past the idle limit (busy/busy-day.yaml), swept every minute. */
class BusyScenarioTest {
    private static final Path DAY = Path.of("src/test/resources/busy/busy-day.yaml");
    static List<String> busy;
    static List<String> plain;

    @BeforeAll
    static void replay(@TempDir Path dir) {
        Policy watching = Simulate.policy(dir.resolve("busy"), """
                  idle:
                    busyPrograms: [Teams.exe, "zoom*.exe"]
                    busyCpu: 20s
                """);
        busy = Simulate.run(Simulate.shippedRules(), watching, ScenarioReader.read(DAY), Duration.ofMinutes(1));
        plain = Simulate.run(Simulate.shippedRules(), Simulate.policy(dir.resolve("plain"), ""),
                ScenarioReader.read(DAY), Duration.ofMinutes(1));
    }

    @Test
    void aVideoCallPastTheIdleLimitStaysConnectedAndTheLimitRunsFromItsEnd() {
        assertThat(busy).filteredOn(a -> a.contains(" alice ")).containsExactly(
                "2026-11-23T09:57:00+01:00 ms01#2 alice warn (idle limit)",
                "2026-11-23T09:59:00+01:00 ms01#2 alice disconnect (idle limit)");
    }

    @Test
    void aSessionUsingMoreCpuThanBusyCpuStaysAndOneUsingLessDoesNot() {
        assertThat(busy).filteredOn(a -> a.contains(" bob ")).containsExactly(
                "2026-11-23T09:28:00+01:00 ms01#3 bob warn (idle limit)",
                "2026-11-23T09:30:00+01:00 ms01#3 bob disconnect (idle limit)");
        assertThat(busy).filteredOn(a -> a.contains(" carol ")).containsExactly(
                "2026-11-23T08:28:00+01:00 ms01#4 carol warn (idle limit)",
                "2026-11-23T08:30:00+01:00 ms01#4 carol disconnect (idle limit)");
    }

    @Test
    void theSameIdleSessionWithoutThemIsDisconnectedAtItsLimit() {
        assertThat(busy).filteredOn(a -> a.contains(" dave ")).containsExactly(
                "2026-11-23T08:28:00+01:00 ms01#5 dave warn (idle limit)",
                "2026-11-23T08:30:00+01:00 ms01#5 dave disconnect (idle limit)");
    }

    @Test
    void programNamesMatchTheirPatternsInAnyCase() {
        assertThat(busy).noneMatch(a -> a.contains(" erin "));
    }

    @Test
    void withoutBusyProgramsAndBusyCpuEverySessionIsDisconnectedAtItsLimit() {
        assertThat(plain).filteredOn(a -> a.contains("disconnect")).containsExactly(
                "2026-11-23T08:30:00+01:00 ms01#2 alice disconnect (idle limit)",
                "2026-11-23T08:30:00+01:00 ms01#3 bob disconnect (idle limit)",
                "2026-11-23T08:30:00+01:00 ms01#4 carol disconnect (idle limit)",
                "2026-11-23T08:30:00+01:00 ms01#5 dave disconnect (idle limit)",
                "2026-11-23T08:30:00+01:00 ms01#6 erin disconnect (idle limit)");
    }
}
