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

/** Warnings that ask for more time, and the answers (busy/more-time.yaml), swept every minute. */
class MoreTimeScenarioTest {
    static List<String> actions;

    @BeforeAll
    static void replay(@TempDir Path dir) {
        Policy policy = Simulate.policy(dir, """
                  message:
                    moreTime: 30m
                    moreTimePerDay: 2
                """);
        actions = Simulate.run(Simulate.shippedRules(), policy,
                ScenarioReader.read(Path.of("src/test/resources/busy/more-time.yaml")), Duration.ofMinutes(1));
    }

    @Test
    void aYesToAnIdleWarningPostponesTheLimitByExactlyMoreTimeTwiceAtMost() {
        assertThat(actions).filteredOn(a -> a.contains(" frank ")).containsExactly(
                "2026-11-23T16:28:00+01:00 ms01#2 frank warn (idle limit)",
                "2026-11-23T16:28:00+01:00 ms01#2 frank warn (idle limit): answered Yes: disconnect postponed by 30m"
                        + " to 17:00:00 (1 of 2 today)",
                "2026-11-23T16:58:00+01:00 ms01#2 frank warn (idle limit)",
                "2026-11-23T16:58:00+01:00 ms01#2 frank warn (idle limit): answered Yes: disconnect postponed by 30m"
                        + " to 17:30:00 (2 of 2 today)",
                "2026-11-23T17:28:00+01:00 ms01#2 frank warn (idle limit)",
                "2026-11-23T17:30:00+01:00 ms01#2 frank disconnect (idle limit)");
    }

    @Test
    void aYesToAClosingWarningPutsTheClosingOffForThatSessionAloneTwiceAtMost() {
        assertThat(actions).filteredOn(a -> a.contains(" grace ")).containsExactly(
                "2026-11-23T17:45:00+01:00 ms01#3 grace warn (closing)",
                "2026-11-23T17:45:00+01:00 ms01#3 grace warn (closing): answered Yes: disconnect postponed by 30m"
                        + " to 18:30:00 (1 of 2 today)",
                "2026-11-23T18:15:00+01:00 ms01#3 grace warn (closing)",
                "2026-11-23T18:15:00+01:00 ms01#3 grace warn (closing): answered Yes: disconnect postponed by 30m"
                        + " to 19:00:00 (2 of 2 today)",
                "2026-11-23T18:45:00+01:00 ms01#3 grace warn (closing)",
                "2026-11-23T19:00:00+01:00 ms01#3 grace disconnect (closing)");
    }

    @Test
    void aNoOrNoAnswerChangesNothing() {
        for (String user : List.of("heidi", "ivan")) {
            assertThat(actions).filteredOn(a -> a.contains(" " + user + " ")).allMatch(a -> !a.contains("postponed"))
                    .extracting(a -> a.substring(0, 25) + " " + a.substring(a.lastIndexOf(' ', a.indexOf(" (") - 1) + 1))
                    .containsExactly(
                            "2026-11-23T17:45:00+01:00 warn (closing)",
                            "2026-11-23T17:55:00+01:00 warn (closing)",
                            "2026-11-23T17:59:00+01:00 warn (closing)",
                            "2026-11-23T18:00:00+01:00 disconnect (closing)");
        }
    }
}
