package dev.curfew.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** How a closing and its warnings are logged when they fire. */
class ClosingTest {
    static final Instant AT = Instant.parse("2026-11-23T17:00:00Z");

    @Test
    void aWarningSaysItsLeadToTheSecond() {
        assertThat(new Closing(AT, Duration.ofSeconds(30)).describe())
                .isEqualTo("closing warning, 30 s before 2026-11-23T17:00:00Z");
        assertThat(new Closing(AT, Duration.ofMinutes(5)).describe())
                .isEqualTo("closing warning, 5 min before 2026-11-23T17:00:00Z");
        assertThat(new Closing(AT, Duration.ofSeconds(90)).describe())
                .isEqualTo("closing warning, 1 min 30 s before 2026-11-23T17:00:00Z");
    }

    @Test
    void theClosingItselfIsOneWord() {
        assertThat(Closing.now(AT).describe()).isEqualTo("closing");
    }
}
