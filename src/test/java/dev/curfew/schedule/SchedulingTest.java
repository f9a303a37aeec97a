package dev.curfew.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curfew.sweep.Sweeper;
import dev.curfew.Await;
import dev.curfew.MemoryHistory;
import dev.curfew.MutableClock;
import dev.curfew.action.ActionRunner;
import dev.curfew.config.ServerConfig;
import dev.curfew.policy.Policy;
import dev.curfew.policy.PolicyEngine;
import dev.curfew.policy.RuleCompiler;
import dev.curfew.session.ServerName;
import dev.curfew.session.sim.ScenarioReader;
import dev.curfew.session.sim.SimulatedSessionHost;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.kie.api.KieServices;
import org.quartz.JobKey;
import org.quartz.SimpleTrigger;
import org.quartz.TriggerKey;

/** Quartz wiring: servers swept side by side, no pile-up after a pause, schedule changes applied live. */
@Tag("timing")   // a real pause of the real scheduler, and what follows it in real time
class SchedulingTest {

    @Test
    void sweepsDoNotPileUpAfterAPauseAndServerListChangesApplyLive() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-23T08:00:00Z"));
        try (MemoryHistory history = new MemoryHistory()) {
            var host = new SimulatedSessionHost(ScenarioReader.read(Path.of("config/demo-scenario.yaml"))
                    .startingAt(clock.instant()), clock);
            Policy policy = Policy.defaults(ZoneId.of("UTC"));
            var engine = new PolicyEngine(new RuleCompiler(KieServices.get()).compile(Path.of("rules")), policy);
            Sweeper sweeper = new Sweeper(host, engine, new ActionRunner(host, history.store(), clock),
                    history.store(), clock);
            Scheduling scheduling = new Scheduling(sweeper, engine::policy, 4, clock);
            ServerName ms01 = ServerName.of("ms01.school.local");
            ServerName ms02 = ServerName.of("ms02.school.local");
            try {
                scheduling.start(List.of(new ServerConfig(ms01, Duration.ofMillis(500))));
                Await.until(history.store()::countSweeps, n -> n >= 2);
                scheduling.scheduler().standby();
                Thread.sleep(3000); // the pause under test, of six intervals: what matters is what happens after it
                long before = history.store().countSweeps();
                long resumed = System.nanoTime();
                scheduling.scheduler().start();
                // Piled up, the six missed sweeps would run at once; not piled up, the third after the pause
                // waits for the one at the next slot, up to an interval later.
                Await.until(history.store()::countSweeps, n -> n - before >= 3);
                assertThat(Duration.ofNanos(System.nanoTime() - resumed)).as("from the end of the pause to its third sweep")
                        .isGreaterThanOrEqualTo(Duration.ofMillis(400));

                scheduling.apply(List.of(new ServerConfig(ms02, Duration.ofMinutes(2))));
                assertThat(scheduling.scheduler().checkExists(JobKey.jobKey("sweep", ms01.value()))).isFalse();
                var trigger = (SimpleTrigger) scheduling.scheduler().getTrigger(TriggerKey.triggerKey("sweep", ms02.value()));
                assertThat(trigger.getRepeatInterval()).isEqualTo(120_000);
                assertThat(scheduling.scheduler().getTrigger(TriggerKey.triggerKey("closing", ms02.value()))).isNotNull();
            } finally {
                scheduling.shutdown(10);
            }
        }
    }
}
