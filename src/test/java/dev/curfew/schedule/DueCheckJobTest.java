package dev.curfew.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class DueCheckJobTest {

    @Test
    void sessionListsRoundTrip() {
        assertThat(DueCheckJob.parse("4, 2,9")).containsExactly(2, 4, 9);
        assertThat(DueCheckJob.parse("")).isEmpty();
        assertThat(DueCheckJob.format(Set.of(9, 2, 4))).isEqualTo("2,4,9");
    }
}
