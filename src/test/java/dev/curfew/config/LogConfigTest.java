package dev.curfew.config;

import static dev.curfew.config.ConfigText.error;
import static dev.curfew.config.ConfigText.load;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The {@code log:} section: whether the Windows event log is written. */
class LogConfigTest {

    @Test
    void theEventLogIsAutoUnlessSetAndAutoMeansOnlyAsAService() {
        assertThat(load("node: x\n").log().eventLog()).isEqualTo(EventLogMode.AUTO);
        assertThat(load("log:\n").log().eventLog()).isEqualTo(EventLogMode.AUTO);
        assertThat(load("log:\n  eventLog: on\n").log().eventLog()).isEqualTo(EventLogMode.ON);
        assertThat(load("log:\n  eventLog: off\n").log().eventLog()).isEqualTo(EventLogMode.OFF);
        assertThat(load("log: { eventLog: AUTO }\n").log().eventLog()).isEqualTo(EventLogMode.AUTO);
        assertThat(EventLogMode.AUTO.enabled(true)).isTrue();
        assertThat(EventLogMode.AUTO.enabled(false)).isFalse();
        assertThat(EventLogMode.ON.enabled(false)).isTrue();
        assertThat(EventLogMode.OFF.enabled(true)).isFalse();
    }

    @Test
    void aBadValueOrKeyIsOneLineNamingIt() {
        assertThat(error("log:\n  eventLog: always\n"))
                .isEqualTo("test.yaml:2: log.eventLog: \"always\" is not an event log setting (use auto, on or off)");
        assertThat(error("log:\n  eventlog: on\n"))
                .isEqualTo("test.yaml:2: log.eventlog: unknown key (did you mean eventLog?)");
        assertThat(error("lg: { eventLog: on }\n")).isEqualTo("test.yaml:1: lg: unknown key (did you mean log?)");
    }
}
