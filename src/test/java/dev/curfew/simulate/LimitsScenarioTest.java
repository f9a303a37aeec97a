package dev.curfew.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The disconnected limit and the session limit (scenarios/limits.yaml). */
class LimitsScenarioTest {

    @Test
    void disconnectedAndSessionLimitsActAtTheirTimesAndOnlyOnSessionsStillThere(@TempDir Path dir) {
        var policy = Simulate.policy(dir, """
                  session:
                    limit: 1h
                    warn: 5m
                    action: logoff
                """);
        assertThat(Simulate.run(Simulate.shippedRules(), policy, "limits.yaml", Duration.ofMinutes(1))).containsExactly(
                "2026-11-23T08:30:00+01:00 ms01#2 alice logoff (disconnected limit)",
                "2026-11-23T08:55:00+01:00 ms01#4 carol warn (session limit)",
                "2026-11-23T09:00:00+01:00 ms01#4 carol logoff (session limit)",
                "2026-11-23T09:25:00+01:00 ms01#5 dave warn (session limit)",
                "2026-11-23T09:30:00+01:00 ms01#5 dave logoff (session limit)");
    }

    @Test
    void theSessionLimitIsOffByDefault(@TempDir Path dir) {
        assertThat(Simulate.run(Simulate.shippedRules(), Simulate.policy(dir, ""), "limits.yaml", Duration.ofMinutes(1)))
                .containsExactly("2026-11-23T08:30:00+01:00 ms01#2 alice logoff (disconnected limit)");
    }
}
