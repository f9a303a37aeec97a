package dev.curfew.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class DueCheckPlannerTest {

    @Test
    void slotsRoundUpToTheNextTenthOfASecondAndNeverEarly() {
        assertThat(DueCheckPlanner.slot(Instant.parse("2026-11-23T09:00:00Z"))).isEqualTo(Instant.parse("2026-11-23T09:00:00Z"));
        assertThat(DueCheckPlanner.slot(Instant.parse("2026-11-23T09:00:00.001Z"))).isEqualTo(Instant.parse("2026-11-23T09:00:00.100Z"));
        assertThat(DueCheckPlanner.slot(Instant.parse("2026-11-23T09:00:00.100000001Z")))
                .isEqualTo(Instant.parse("2026-11-23T09:00:00.200Z"));
    }

    @Test
    void sessionListsRoundTrip() {
        assertThat(DueCheckPlanner.parse("4, 2,9")).containsExactly(2, 4, 9);
        assertThat(DueCheckPlanner.parse("")).isEmpty();
    }
}
