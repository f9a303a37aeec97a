package dev.curfew.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curfew.MutableClock;
import dev.curfew.action.ActionRunner;
import dev.curfew.history.H2Extension;
import dev.curfew.report.Report;
import dev.curfew.report.ReportQuery;
import dev.curfew.policy.ActionType;
import dev.curfew.policy.Policy;
import dev.curfew.policy.PolicyEngine;
import dev.curfew.policy.RuleCompiler;
import dev.curfew.session.ServerName;
import dev.curfew.session.sim.ScenarioReader;
import dev.curfew.session.sim.SimulatedSessionHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.kie.api.KieServices;

/** Come-backs come from what the sweeps saw: alice, disconnected for being idle, reconnects three minutes later. */
class ComebackFromSweepsTest {
    static final Instant START = Instant.parse("2026-11-23T08:00:00Z");
    static final ServerName MS01 = ServerName.of("ms01");

    @RegisterExtension
    final H2Extension h2 = new H2Extension();

    @TempDir
    Path dir;

    @Test
    void aReconnectSoonAfterAnIdleDisconnectIsAComeback() throws Exception {
        Path scenario = dir.resolve("scenario.yaml");
        Files.writeString(scenario, """
                zone: UTC
                start: 2026-11-23T08:00:00
                end: 2026-11-23T18:00:00
                servers:
                  - name: ms01
                    sessions:
                      - id: 2
                        user: alice
                        logon: 2026-11-23T07:00:00
                        lastInput: 2026-11-23T07:31:00
                        events:
                          - { at: 2026-11-23T08:05:00, do: reconnect }
                """);
        MutableClock clock = new MutableClock(START);
        SimulatedSessionHost host = new SimulatedSessionHost(ScenarioReader.read(scenario), clock);
        PolicyEngine engine = new PolicyEngine(new RuleCompiler(KieServices.get()).compile(Path.of("rules")),
                Policy.defaults(ZoneId.of("UTC")));
        Sweeper sweeper = new Sweeper(host, engine, new ActionRunner(host, h2.store(), clock), h2.store(), clock);

        sweeper.sweep(MS01, null);                   // idle 29m: warned
        clock.advance(Duration.ofSeconds(120));
        assertThat(sweeper.sweep(MS01, null).actions()).singleElement()
                .satisfies(a -> assertThat(a.decision().action()).isEqualTo(ActionType.DISCONNECT));
        clock.advance(Duration.ofSeconds(240));           // reconnected at 08:05, seen by the 08:06 sweep
        sweeper.sweep(MS01, null);
        clock.advance(Duration.ofSeconds(60));
        sweeper.sweep(MS01, null);

        Report r = new ReportQuery(h2.store().dataSource(), Clock.systemUTC()).report(START.minusSeconds(3600), START.plusSeconds(3600),
                ZoneId.of("UTC"), Duration.ofMinutes(10), 10, false);
        assertThat(r.comebacks()).containsExactly(new Report.Comeback(START.plusSeconds(120), "ms01", 2, "alice",
                ActionType.DISCONNECT, "idle limit", START.plusSeconds(300), Duration.ofMinutes(3)));
        assertThat(new ReportQuery(h2.store().dataSource(), Clock.systemUTC()).report(START.minusSeconds(3600), START.plusSeconds(3600),
                ZoneId.of("UTC"), Duration.ofMinutes(2), 10, false).comebacks()).isEmpty();
    }
}
