package dev.curfew;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.curfew.config.ConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A running daemon picks up changed rules and policy by itself, and records each reload. */
class DaemonReloadTest {

    @Test
    void theRunningDaemonReloadsAGoodPolicyAndRefusesBrokenRules(@TempDir Path dir) throws Exception {
        Path config = Files.createDirectories(dir.resolve("config"));
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Files.copy(Path.of("rules/idle.drl"), rules.resolve("idle.drl"));
        Files.copy(Path.of("config/demo-scenario.yaml"), config.resolve("demo-scenario.yaml"));
        String yaml = """
                host:
                  backend: sim
                sweep:
                  interval: 1h
                history:
                  url: "jdbc:h2:mem:daemon-%s;DB_CLOSE_DELAY=-1"
                  dir: "%s"
                policy:
                  zone: UTC
                  idle:
                    limit: 30m
                """.formatted(UUID.randomUUID(), dir.resolve("data"));
        Files.writeString(config.resolve("curfew.yaml"), yaml);
        Curfew curfew = new Curfew(ConfigLoader.load(config), rules, Clock.systemUTC());
        Daemon daemon = Daemon.start(curfew);
        try {
            Files.writeString(config.resolve("curfew.yaml"), yaml.replace("limit: 30m", "limit: 45m"));
            await("the policy reload", () -> reloads(curfew).size() == 1);
            assertThat(curfew.engine().policy().idle().limit()).isEqualTo(Duration.ofMinutes(45));
            assertThat(reloads(curfew)).containsExactly("policy true Configuration reloaded from " + config.resolve("curfew.yaml"));

            Files.writeString(rules.resolve("idle.drl"), Files.readString(Path.of("rules/idle.drl"))
                    .replace("idleSeconds >= $p.idle.limitSeconds )", "idleSeconds >= $p.idleLimitSecs )"));
            await("the refused rules", () -> reloads(curfew).size() == 2);
            assertThat(reloads(curfew).get(1)).isEqualTo("rules false " + rules.resolve("idle.drl")
                    + ":16: Unknown field idleLimitSecs on class dev.curfew.policy.Policy");
            assertThat(curfew.engine().rules().ruleNames()).containsExactly("idle limit", "idle limit due", "idle limit warning");
        } finally {
            daemon.close();
        }
    }

    @Test
    void aChangedServerListAndClosingTimeAreScheduledWithoutARestart(@TempDir Path dir) throws Exception {
        Path config = Files.createDirectories(dir.resolve("config"));
        Files.copy(Path.of("config/demo-scenario.yaml"), config.resolve("demo-scenario.yaml"));
        String yaml = """
                host: { backend: sim }
                servers: [ms01.school.local, ms02.school.local]
                sweep: { interval: 1h }
                history: { url: "jdbc:h2:mem:daemon-%s;DB_CLOSE_DELAY=-1", dir: "%s" }
                policy:
                  zone: UTC
                  closing: { at: "0 0 18 ? * MON-FRI" }
                """.formatted(UUID.randomUUID(), dir.resolve("data"));
        Files.writeString(config.resolve("curfew.yaml"), yaml);
        Curfew curfew = new Curfew(ConfigLoader.load(config), Path.of("rules"), Clock.systemUTC());
        Daemon daemon = Daemon.start(curfew);
        try {
            var ms01 = dev.curfew.session.ServerName.of("ms01.school.local");
            assertThat(daemon.scheduling().servers()).hasSize(2);
            assertThat(daemon.scheduling().nextClosing(ms01).atZone(java.time.ZoneOffset.UTC).getHour()).isEqualTo(18);

            Files.writeString(config.resolve("curfew.yaml"), yaml
                    .replace("servers: [ms01.school.local, ms02.school.local]", "servers: [ms01.school.local]")
                    .replace("0 0 18 ? * MON-FRI", "0 30 16 ? * MON-FRI"));
            await("the schedule to follow", () -> daemon.scheduling().servers().size() == 1);
            assertThat(daemon.scheduling().servers()).containsExactly(ms01);
            var next = daemon.scheduling().nextClosing(ms01).atZone(java.time.ZoneOffset.UTC);
            assertThat(next.getHour() * 60 + next.getMinute()).isEqualTo(16 * 60 + 30);
        } finally {
            daemon.close();
        }
    }

    static List<String> reloads(Curfew curfew) {
        try (Connection c = curfew.history().dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT what, ok, detail FROM reload ORDER BY id")) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1) + " " + rs.getBoolean(2) + " " + rs.getString(3));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Polls until {@code condition} holds, failing after 30 seconds. */
    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }
}
