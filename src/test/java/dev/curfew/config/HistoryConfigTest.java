package dev.curfew.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HistoryConfigTest {

    static CurfewConfig load(String yaml) {
        return ConfigLoader.load("curfew.yaml", yaml, Path.of("config"));
    }

    @Test
    void retentionAndComebackWindowHaveDefaults() {
        CurfewConfig c = load("node: n1\n");

        assertThat(c.history().retention()).isEqualTo(Duration.ofDays(400));
        assertThat(c.report().comebackWindow()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.host().journal()).isNull();
    }

    @Test
    void retentionAndComebackWindowAreRead() {
        CurfewConfig c = load("history:\n  retention: 90d\nreport:\n  comebackWindow: 15m\nhost:\n  journal: j.tsv\n");

        assertThat(c.history().retention()).isEqualTo(Duration.ofDays(90));
        assertThat(c.report().comebackWindow()).isEqualTo(Duration.ofMinutes(15));
        assertThat(c.host().journal()).isEqualTo(Path.of("config", "j.tsv"));
    }

    @Test
    void retentionOffKeepsEverything() {
        assertThat(load("history:\n  retention: off\n").history().retention()).isNull();
    }

    @Test
    void aZeroRetentionNamesTheKey() {
        assertThatThrownBy(() -> load("history:\n  retention: 0\n")).isInstanceOf(ConfigException.class)
                .hasMessage("curfew.yaml:2: history.retention: \"0\" must be a positive duration or off (use 400d, 90d, off)");
    }

    @Test
    void aWrongComebackWindowNamesTheKey() {
        assertThatThrownBy(() -> load("report:\n  comebackWindow: soon\n")).isInstanceOf(ConfigException.class)
                .hasMessage("curfew.yaml:2: report.comebackWindow: \"soon\" is not a duration (use 30s, 30m, 2h, 1h30m,"
                        + " 1d or off)");
    }

    @Test
    void anUnknownReportKeyIsRefused() {
        assertThatThrownBy(() -> load("report:\n  window: 5m\n")).isInstanceOf(ConfigException.class)
                .hasMessage("curfew.yaml:2: report.window: unknown key (known here: comebackWindow)");
    }
}
