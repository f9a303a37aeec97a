package dev.curfew.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The end-of-day closing: warnings, protection, holidays and the change of clocks. */
class ClosingScenarioTest {
    static final String EXEMPT_SVC = """
              exempt:
                users: ["svc_*"]
            """;

    @Test
    void closingWarnsAtEachLeadThenDisconnectsEveryConnectedSessionThatIsNeitherProtectedNorExempt(
            @TempDir Path dir) {
        var policy = Simulate.policy(dir, EXEMPT_SVC);
        assertThat(Simulate.run(Simulate.shippedRules(), policy, "closing.yaml", Duration.ofMinutes(1))).containsExactly(
                "2026-11-23T17:45:00+01:00 ms01#2 alice warn (closing)",
                "2026-11-23T17:55:00+01:00 ms01#2 alice warn (closing)",
                "2026-11-23T17:59:00+01:00 ms01#2 alice warn (closing)",
                "2026-11-23T18:00:00+01:00 ms01#2 alice disconnect (closing)");
    }

    @Test
    void anIdleWarningCarriedByAClosingSweepIsNotSentAgainByTheNextSweep(@TempDir Path dir) {
        var policy = Simulate.policy(dir, "");
        assertThat(Simulate.run(Simulate.shippedRules(), policy, "closing-idle.yaml", Duration.ofMinutes(1)))
                .containsExactly(
                        "2026-11-23T17:45:00+01:00 ms01#2 alice warn (idle limit)",
                        "2026-11-23T17:47:00+01:00 ms01#2 alice disconnect (idle limit)");
    }

    @Test
    void aLogoffClosingEndsDisconnectedSessionsTooButNeverTheProtectedOnes(@TempDir Path dir) {
        var policy = Simulate.policy(dir, EXEMPT_SVC + """
                  closing:
                    action: logoff
                    warn: [5m]
                """);
        assertThat(Simulate.run(Simulate.shippedRules(), policy, "closing.yaml", Duration.ofSeconds(1))).containsExactly(
                "2026-11-23T17:55:00+01:00 ms01#2 alice warn (closing)",
                "2026-11-23T18:00:00+01:00 ms01#2 alice logoff (closing)",
                "2026-11-23T18:00:00+01:00 ms01#3 bob logoff (closing)");
    }

    @Test
    void theConsoleIsClosedWhenThePolicyDoesNotProtectIt(@TempDir Path dir) {
        var policy = Simulate.policy(dir, EXEMPT_SVC + """
                  protect:
                    console: false
                  closing:
                    warn: []
                """);
        assertThat(Simulate.run(Simulate.shippedRules(), policy, "closing.yaml", Duration.ofMinutes(1))).containsExactly(
                "2026-11-23T18:00:00+01:00 ms01#1 admin disconnect (closing)",
                "2026-11-23T18:00:00+01:00 ms01#2 alice disconnect (closing)");
    }

    @Test
    void holidaysByDateAndByDayOfEveryYearHaveNoClosingAndNoWarnings(@TempDir Path dir) {
        var policy = Simulate.policy(dir, """
                  disconnected:
                    limit: off
                  closing:
                    warn: [15m]
                    holidays: ["2026-12-24", "--12-25"]
                """);
        assertThat(Simulate.run(Simulate.shippedRules(), policy, "holiday.yaml", Duration.ofMinutes(1))).containsExactly(
                "2026-12-23T17:45:00+01:00 ms01#2 alice warn (closing)",
                "2026-12-23T18:00:00+01:00 ms01#2 alice disconnect (closing)");
    }

    @Test
    void onTheDayClocksGoBackTheClosingIsStillAtSixLocalTimeAndIdleTimeIsRealTime(@TempDir Path dir) {
        var policy = Simulate.policy(dir, """
                  closing:
                    at: "0 0 18 * * ?"
                    warn: [15m]
                """);
        assertThat(Simulate.run(Simulate.shippedRules(), policy, "dst.yaml", Duration.ofMinutes(1))).containsExactly(
                "2026-10-24T17:45:00+02:00 ms01#2 alice warn (closing)",
                "2026-10-24T18:00:00+02:00 ms01#2 alice disconnect (closing)",
                // 8 hours after 18:00 summer time is the first of the two 02:00s of the night
                "2026-10-25T02:00:00+02:00 ms01#2 alice logoff (disconnected limit)",
                // input at 02:50 summer time; 28 and 30 minutes later the clocks read 02:18 and 02:20 winter time
                "2026-10-25T02:18:00+01:00 ms01#3 bob warn (idle limit)",
                "2026-10-25T02:20:00+01:00 ms01#3 bob disconnect (idle limit)",
                "2026-10-25T10:20:00+01:00 ms01#3 bob logoff (disconnected limit)",
                "2026-10-25T17:45:00+01:00 ms01#4 carol warn (closing)",
                "2026-10-25T18:00:00+01:00 ms01#4 carol disconnect (closing)");
    }
}
