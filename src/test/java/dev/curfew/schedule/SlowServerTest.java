package dev.curfew.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curfew.sweep.Sweeper;
import dev.curfew.Await;
import dev.curfew.MemoryHistory;
import dev.curfew.action.ActionRunner;
import dev.curfew.config.ServerConfig;
import dev.curfew.policy.Policy;
import dev.curfew.policy.PolicyEngine;
import dev.curfew.policy.RuleCompiler;
import dev.curfew.session.ServerName;
import dev.curfew.session.Session;
import dev.curfew.session.SessionHost;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.kie.api.KieServices;

/** One server that hangs does not hold up the others: each has its own job on the shared pool. */
class SlowServerTest {

    @Test
    void aHangingServerDelaysNobodyElse() throws Exception {
        ServerName slow = ServerName.of("slow01");
        List<ServerName> fast = List.of(ServerName.of("fast01"), ServerName.of("fast02"), ServerName.of("fast03"));
        CountDownLatch release = new CountDownLatch(1);
        var listed = new ConcurrentHashMap<ServerName, AtomicInteger>();
        SessionHost host = new SessionHost() {
            @Override public String kind() { return "test"; }
            @Override public List<ServerName> defaultServers() { return List.of(); }
            @Override public List<Session> list(ServerName server) {
                listed.computeIfAbsent(server, s -> new AtomicInteger()).incrementAndGet();
                if (server.equals(slow)) {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return List.of();
            }
            @Override public void warn(ServerName s, int id, String title, String text) { }
            @Override public void disconnect(ServerName s, int id) { }
            @Override public void logoff(ServerName s, int id) { }
        };
        try (MemoryHistory history = new MemoryHistory()) {
            Clock clock = Clock.systemUTC();
            var engine = new PolicyEngine(new RuleCompiler(KieServices.get()).compile(Path.of("rules")),
                    Policy.defaults(ZoneId.of("UTC")));
            Sweeper sweeper = new Sweeper(host, engine, new ActionRunner(host, history.store(), clock), history.store(), clock);
            Scheduling scheduling = new Scheduling(sweeper, engine::policy, 4, clock);
            try {
                List<ServerConfig> servers = new java.util.ArrayList<>();
                servers.add(new ServerConfig(slow, Duration.ofMillis(200)));
                fast.forEach(f -> servers.add(new ServerConfig(f, Duration.ofMillis(200))));
                scheduling.start(servers);
                Await.until(() -> fast.stream().mapToInt(f -> listed.getOrDefault(f, new AtomicInteger()).get()).min().orElse(0),
                        n -> n >= 5);
                assertThat(listed.get(slow)).as("the slow server is still in its first sweep").hasValue(1);
            } finally {
                release.countDown();
                scheduling.shutdown(10);
            }
        }
    }
}
