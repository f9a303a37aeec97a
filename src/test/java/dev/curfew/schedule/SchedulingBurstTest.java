package dev.curfew.schedule;

import dev.curfew.sweep.Sweeper;
import dev.curfew.Await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.curfew.MemoryHistory;
import dev.curfew.action.ActionRunner;
import dev.curfew.bench.FleetHost;
import dev.curfew.config.ServerConfig;
import dev.curfew.policy.Policy;
import dev.curfew.policy.PolicyEngine;
import dev.curfew.policy.RuleCompiler;
import dev.curfew.session.SessionState;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.kie.api.KieServices;

/** A fleet whose sweeps all fire at once and queue for a small pool is swept whole, not just the first pool-fulls. */
class SchedulingBurstTest {

    @Test
    void everyServerOfABurstIsSweptWhenTheQueueTakesLongerThanASecond() throws Exception {
        Clock clock = Clock.systemUTC();
        Instant now = clock.instant();
        // 12 servers of 4 sessions at 50 ms per call: 250 ms each, 1.5 s for the queue on 2 threads.
        FleetHost host = new FleetHost(12, 4, Duration.ofMillis(50),
                (server, session) -> new FleetHost.Seed(SessionState.ACTIVE, now, now, null), clock);
        try (MemoryHistory history = new MemoryHistory()) {
            Policy policy = Policy.defaults(ZoneId.of("UTC"));
            var engine = new PolicyEngine(new RuleCompiler(KieServices.get()).compile(Path.of("rules")), policy);
            Sweeper sweeper = new Sweeper(host, engine, new ActionRunner(host, history.store(), clock),
                    history.store(), clock);
            Scheduling scheduling = new Scheduling(sweeper, engine::policy, 2, clock);
            try {
                scheduling.start(host.defaultServers().stream()
                        .map(s -> new ServerConfig(s, Duration.ofMinutes(10))).toList());
                Await.until(history.store()::countSweeps, n -> n >= 12);
            } finally {
                scheduling.shutdown(10);
            }
            assertThat(history.store().countSweeps()).isEqualTo(12);
            assertThat(host.maxInFlight()).isLessThanOrEqualTo(2);
        }
    }
}
