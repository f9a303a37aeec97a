package dev.curfew.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curfew.MemoryHistory;
import dev.curfew.MutableClock;
import dev.curfew.directory.Directory;
import dev.curfew.policy.Policy;
import dev.curfew.policy.PolicyEngine;
import dev.curfew.policy.TestRules;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** {@code /health} shows whether the directory answers, and stays healthy while it does not. */
class HealthDirectoryTest {
    static final Instant T0 = Instant.parse("2026-11-23T09:00:00Z");

    @Test
    void theDirectorysOutageIsShownAndLeavesTheDaemonHealthy() {
        try (MemoryHistory history = new MemoryHistory()) {
            AtomicReference<Directory.Status> status = new AtomicReference<>(new Directory.Status(true, T0, null));
            Health health = new Health(new Watch(new MutableClock(T0), () -> 0), () -> "running", history.store(),
                    new PolicyEngine(TestRules.shipped(), Policy.defaults(ZoneId.of("UTC"))), status::get);
            @SuppressWarnings("unchecked")
            Map<String, Object> up = (Map<String, Object>) health.report().body().get("directory");
            assertThat(up).containsEntry("reachable", true).containsEntry("since", Json.time(T0)).containsEntry("error", null);
            status.set(new Directory.Status(false, T0.plusSeconds(60), "91 (connect error)"));
            Health.Report down = health.report();
            assertThat(down.healthy()).isTrue();
            @SuppressWarnings("unchecked")
            Map<String, Object> d = (Map<String, Object>) down.body().get("directory");
            assertThat(d).containsEntry("reachable", false).containsEntry("since", Json.time(T0.plusSeconds(60)))
                    .containsEntry("error", "91 (connect error)");
        }
    }

    @Test
    void noDirectoryNoEntry() {
        try (MemoryHistory history = new MemoryHistory()) {
            Health health = new Health(new Watch(new MutableClock(T0), () -> 0), () -> "running", history.store(),
                    new PolicyEngine(TestRules.shipped(), Policy.defaults(ZoneId.of("UTC"))));
            assertThat(health.report().body()).doesNotContainKey("directory");
        }
    }
}
