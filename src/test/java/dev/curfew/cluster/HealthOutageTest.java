package dev.curfew.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.curfew.Await;
import dev.curfew.http.DaemonProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /health} of a real daemon on a PostgreSQL history: 503 while the database is away, 200 once it is back. */
class HealthOutageTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Postgres postgres;

    @AfterEach
    void stop() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void healthIs503WhileTheHistoryDatabaseIsAwayAnd200WhenItIsBack() throws Exception {
        postgres = Postgres.start(dir.resolve("pg"));
        Files.writeString(dir.resolve("curfew.yaml"), """
                host: { backend: sim, scenario: "%s" }
                sweep: { interval: 2s }
                history: { url: "%s", user: postgres, dir: data }
                http: { listen: "127.0.0.1:0" }
                policy: { zone: UTC }
                """.formatted(Path.of("config/demo-scenario.yaml").toAbsolutePath(), postgres.url()));
        try (DaemonProcess d = DaemonProcess.start(dir, dir.resolve("data"))) {
            JsonNode up = Await.until(() -> health(d), h -> h.get("code").asInt() == 200);
            assertThat(up.at("/body/history/reachable").asBoolean()).isTrue();
            assertThat(up.at("/body/scheduler/state").asText()).isEqualTo("running");

            postgres.stop();
            JsonNode down = Await.until(() -> health(d), h -> h.get("code").asInt() == 503);
            assertThat(down.at("/body/status").asText()).isEqualTo("unhealthy");
            assertThat(down.at("/body/history/reachable").asBoolean()).isFalse();
            assertThat(down.at("/body/history/error").asText()).isNotEmpty();
            assertThat(down.at("/body/scheduler/state").asText()).isEqualTo("running");

            postgres.restart();
            JsonNode back = Await.until(() -> health(d), h -> h.get("code").asInt() == 200);
            assertThat(back.at("/body/history/reachable").asBoolean()).isTrue();
            assertThat(back.at("/body/status").asText()).isEqualTo("ok");
            assertThat(d.stop()).isEqualTo(143);
        }
    }

    private static JsonNode health(DaemonProcess d) {
        try {
            var r = d.get("/health", null);
            return JSON.createObjectNode().put("code", r.statusCode()).set("body", JSON.readTree(r.body()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
