package dev.curfew.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curfew.action.ActionResult;
import dev.curfew.history.Outcome;
import dev.curfew.policy.ActionType;
import dev.curfew.policy.Decision;
import dev.curfew.session.ServerName;
import dev.curfew.session.Session;
import dev.curfew.session.SessionState;
import dev.curfew.sweep.SweepListener;
import dev.curfew.sweep.Sweeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The metrics of a fleet: the same series for 1,000 servers as for one, and counts that add up. */
class WatchTest {
    private static final Instant NOW = Instant.parse("2026-11-23T09:00:00Z");

    private static long curfewSeries(String page) {
        return page.lines().filter(l -> l.startsWith("curfew_")).count();
    }

    private static void sweepFleet(Watch watch, int servers) {
        for (int i = 0; i < servers; i++) {
            ServerName server = ServerName.of("ms" + i + ".school.local");
            List<Session> sessions = new ArrayList<>();
            for (int id = 1; id <= 3; id++) {
                sessions.add(Session.builder(server, id, id == 3 ? SessionState.DISCONNECTED : SessionState.ACTIVE)
                        .user("u" + i + "_" + id).logon(NOW.minusSeconds(3600)).lastInput(NOW.minusSeconds(60)).observedAt(NOW).build());
            }
            Decision d = new Decision(sessions.get(0), ActionType.DISCONNECT, "idle limit", "idle 31m", NOW);
            watch.swept(server, SweepListener.Kind.SWEEP, NOW, Duration.ofMillis(40 + i % 7), sessions,
                    new Sweeper.Result(server, sessions.size(), List.of(new ActionResult(d, Outcome.DONE, null, i + 1)),
                            List.of(new Sweeper.DueCheck(2, NOW.plusSeconds(120), "idle limit")), null));
            watch.late(Duration.ofMillis(i % 300));
            watch.committed(2_000_000);
        }
    }

    @Test
    void aThousandServersMakeNoMoreSeriesThanOne() {
        try (Watch one = new Watch(Clock.fixed(NOW, ZoneOffset.UTC), () -> 0);
                Watch fleet = new Watch(Clock.fixed(NOW, ZoneOffset.UTC), () -> 0)) {
            sweepFleet(one, 1);
            sweepFleet(fleet, 1000);
            String page = fleet.scrape();
            assertThat(curfewSeries(page)).isEqualTo(curfewSeries(one.scrape()));
            assertThat(page).doesNotContain("ms999").doesNotContain("u999_");
            assertThat(page).contains("curfew_actions_total{action=\"disconnect\",outcome=\"done\",rule=\"idle limit\","
                    + "source=\"policy\"} 1000.0", "curfew_sessions{state=\"active\"} 2000.0",
                    "curfew_sessions{state=\"disconnected\"} 1000.0",
                    "curfew_sweep_duration_seconds_count{kind=\"sweep\",result=\"ok\"} 1000",
                    "curfew_due_check_lateness_seconds_count 1000", "curfew_history_commit_seconds_count 1000");
            assertThat(fleet.servers()).hasSize(1000);
            fleet.reloaded(new dev.curfew.policy.RuleReloader.Reload(NOW, "rules", false, List.of("idle.drl:3: oops")));
            fleet.reloaded(new dev.curfew.policy.RuleReloader.Reload(NOW, "rules", true, List.of()));
            fleet.reloaded(new dev.curfew.policy.RuleReloader.Reload(NOW, "rules", true, List.of()));
            assertThat(fleet.scrape()).contains("curfew_rule_reloads_total{result=\"ok\",what=\"rules\"} 2.0",
                    "curfew_rule_reloads_total{result=\"refused\",what=\"rules\"} 1.0");
            assertThat(fleet.lastReload().ok()).isTrue();
            assertThat(fleet.servers().get(ServerName.of("ms7.school.local")).due()).containsOnlyKeys(2);
            System.out.println("WATCHTEST curfew series for 1 server: " + curfewSeries(one.scrape())
                    + ", for 1000 servers: " + curfewSeries(page));
        }
    }
}
