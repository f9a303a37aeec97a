package dev.curfew.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curfew.policy.LogonHoursMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The users' logon hours, enforced by the shipped rules (scenarios/logonhours*.yaml). */
class LogonHoursScenarioTest {

    @Test
    void theEndOfAnAllowedPeriodInUtcIsWarnedAtEachLeadAndClosedOnTime(@TempDir Path dir) {
        var policy = Simulate.policy(dir, """
                  logonHours: enforce
                """);
        // Sweeps every 7 minutes: the warnings and the closing come at their instants, by due checks.
        assertThat(Simulate.run(Simulate.shippedRules(), policy, "logonhours.yaml", Duration.ofMinutes(7)))
                .containsExactly(
                        // never allowed: the warnings counted from the logon (seen by the 16:14 sweep)
                        "2026-11-23T16:14:00+01:00 ms01#4 carol warn (logon hours, 15m before)",
                        "2026-11-23T16:20:00+01:00 ms01#4 carol warn (logon hours, 5m before)",
                        "2026-11-23T16:24:00+01:00 ms01#4 carol warn (logon hours, 1m before)",
                        "2026-11-23T16:25:00+01:00 ms01#4 carol disconnect (logon hours)",
                        // 07-16 UTC is 08-17 in Berlin
                        "2026-11-23T16:45:00+01:00 ms01#2 alice warn (logon hours, 15m before)",
                        "2026-11-23T16:55:00+01:00 ms01#2 alice warn (logon hours, 5m before)",
                        "2026-11-23T16:59:00+01:00 ms01#2 alice warn (logon hours, 1m before)",
                        "2026-11-23T17:00:00+01:00 ms01#2 alice disconnect (logon hours)",
                        // a logon at 17:20, outside: seen by the 17:24 sweep, to be closed at 17:35
                        "2026-11-23T17:24:00+01:00 ms01#5 dan warn (logon hours, 15m before)",
                        "2026-11-23T17:30:00+01:00 ms01#5 dan warn (logon hours, 5m before)");
    }

    @Test
    void logonHoursAreNotEnforcedByDefault(@TempDir Path dir) {
        assertThat(Simulate.run(Simulate.shippedRules(), Simulate.policy(dir, ""), "logonhours.yaml",
                Duration.ofMinutes(7))).isEmpty();
    }

    @Test
    void aPeriodAcrossTheWeeksEndFromSaturdayToSundayEndsOnSunday(@TempDir Path dir) {
        var policy = Simulate.policy(dir, """
                  logonHours: enforce
                  closing: { warn: [10m] }
                """);
        assertThat(Simulate.run(Simulate.shippedRules(), policy, "logonhours-weekend.yaml", Duration.ofMinutes(5)))
                .map(line -> line.replace("+01:00", ""))
                .containsExactly(
                        "2026-11-29T02:50:00 ms01#2 erin warn (logon hours, 10m before)",
                        "2026-11-29T03:00:00 ms01#2 erin disconnect (logon hours)");
    }

    static final List<String> ALICE_CLOSED = List.of(
            "2026-11-23T16:45:00+01:00 ms01#2 alice warn (logon hours, 15m before)",
            "2026-11-23T16:55:00+01:00 ms01#2 alice warn (logon hours, 5m before)",
            "2026-11-23T16:59:00+01:00 ms01#2 alice warn (logon hours, 1m before)",
            "2026-11-23T17:00:00+01:00 ms01#2 alice disconnect (logon hours)");

    @Test
    void aProfileTurnsTheLogonHoursOffForItsSessions(@TempDir Path dir) {
        var policy = Simulate.policy(dir, """
                  logonHours: enforce
                  profiles:
                    - { name: staff, groups: [Staff], logonHours: off }
                    - { name: students, groups: [Students] }
                """);
        // bob (staff) has the same hours as alice (students, the policy's enforce) and is left alone
        assertThat(Simulate.run(Simulate.shippedRules(), policy, "logonhours-profiles.yaml", Duration.ofMinutes(7)))
                .containsExactlyElementsOf(ALICE_CLOSED);
    }

    @Test
    void aProfileEnforcesTheLogonHoursOfItsSessionsWhenThePolicyDoesNot(@TempDir Path dir) {
        var policy = Simulate.policy(dir, """
                  profiles:
                    - { name: students, groups: [Students], logonHours: enforce }
                    - { name: staff, groups: [Staff] }
                """);
        assertThat(policy.logonHours()).isEqualTo(LogonHoursMode.OFF);
        assertThat(Simulate.run(Simulate.shippedRules(), policy, "logonhours-profiles.yaml", Duration.ofMinutes(7)))
                .containsExactlyElementsOf(ALICE_CLOSED);
    }
}
