package dev.curfew.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curfew.policy.Closing;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SweepsTest {
    static final Instant NINE = Instant.parse("2026-11-23T09:00:00Z");

    @Test
    void slotsRoundUpToTheNextTenthOfASecondAndNeverEarly() {
        assertThat(Sweeps.slot(NINE)).isEqualTo(NINE);
        assertThat(Sweeps.slot(Instant.parse("2026-11-23T09:00:00.001Z"))).isEqualTo(Instant.parse("2026-11-23T09:00:00.100Z"));
        assertThat(Sweeps.slot(Instant.parse("2026-11-23T09:00:00.100000001Z")))
                .isEqualTo(Instant.parse("2026-11-23T09:00:00.200Z"));
    }

    @Test
    void dueChecksAreGroupedBySlotAndOnlyThoseBeforeTheNextSweepArePlanned() {
        List<Sweeper.DueCheck> due = List.of(new Sweeper.DueCheck(2, NINE.plusMillis(30), "idle limit"),
                new Sweeper.DueCheck(5, NINE.plusMillis(90), "lab lessons"),
                new Sweeper.DueCheck(7, NINE.plusSeconds(60), "idle limit"),
                new Sweeper.DueCheck(8, NINE.plusSeconds(61), "idle limit"));
        assertThat(Sweeps.slots(due, NINE.plusSeconds(60))).containsExactlyEntriesOf(
                Map.of(NINE.plusMillis(100), Set.of(2, 5)));
        assertThat(Sweeps.slots(due, null)).containsOnlyKeys(NINE.plusMillis(100), NINE.plusSeconds(60), NINE.plusSeconds(61));
    }

    @Test
    void onlyTheWarningsStillToComeArePlanned() {
        Instant six = Instant.parse("2026-11-23T18:00:00Z");
        List<Duration> leads = List.of(Duration.ofMinutes(15), Duration.ofMinutes(5), Duration.ofMinutes(1));
        assertThat(Sweeps.warnings(six, leads, six.minus(Duration.ofMinutes(10)))).containsExactly(
                new Closing(six, Duration.ofMinutes(5)), new Closing(six, Duration.ofMinutes(1)));
    }
}
