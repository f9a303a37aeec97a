package dev.curfew.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.curfew.Await;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reader of the history never holds up a closing's writes: a real daemon disconnects a thousand
 * sessions at its closing while /api/history and /api/report are read in a loop, and every action
 * the servers received is recorded, done, and counted in /metrics.
 */
class ClosingWhileReadingTest {
    private static final int SERVERS = 4;
    private static final int SESSIONS = 250;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void everyActionOfAClosingIsRecordedWhileReportsAreRead() throws Exception {
        Path journal = dir.resolve("journal.tsv");
        // The closing 20 s from now, once the readers are reading (a cron every 20 s could fire at the start).
        java.time.ZonedDateTime at = java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(20);
        Files.writeString(dir.resolve("curfew.yaml"), """
                node: readtest
                host: { backend: sim, scenario: scenario.yaml, journal: journal.tsv }
                sweep: { interval: 1m, parallelism: 4 }
                history: { dir: data }
                http: { listen: "127.0.0.1:0" }
                policy:
                  zone: UTC
                  idle: { limit: off }
                  disconnected: { limit: off }
                  closing: { at: "%d %d %d * * ?", warn: [], action: disconnect }
                """.formatted(at.getSecond(), at.getMinute(), at.getHour()));
        scenario(dir.resolve("scenario.yaml"));
        try (DaemonProcess d = DaemonProcess.start(dir, dir.resolve("data"))) {
            String bearer = d.bearer();
            AtomicBoolean reading = new AtomicBoolean(true);
            AtomicInteger reads = new AtomicInteger();
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            List<Thread> readers = new ArrayList<>();
            for (String path : List.of("/api/history", "/api/report?since=1d", "/api/history?format=table")) {
                Thread t = new Thread(() -> {
                    while (reading.get()) {
                        try {
                            var r = d.get(path, bearer);
                            if (r.statusCode() != 200) {
                                failures.add(path + ": " + r.statusCode() + " " + r.body());
                            }
                            reads.incrementAndGet();
                        } catch (Exception e) {
                            failures.add(path + ": " + e);
                        }
                    }
                });
                t.start();
                readers.add(t);
            }
            int readsBefore;
            try {
                Await.until("the closing's disconnects at the servers", Duration.ofSeconds(90),
                        () -> lines(journal) >= SERVERS * SESSIONS);
                readsBefore = reads.get();
                Await.until("more reads after the closing", Duration.ofSeconds(30), () -> reads.get() >= readsBefore + 3);
            } finally {
                reading.set(false);
                for (Thread t : readers) {
                    t.join(60_000);
                }
            }
            assertThat(failures).isEmpty();
            assertThat(readsBefore).as("reads during the closing").isGreaterThan(3);

            List<JsonNode> rows = Await.until(() -> d.historyRows(bearer),
                    r -> r.stream().filter(n -> n.get("outcome").asText().equals("done")).count() >= SERVERS * SESSIONS);
            assertThat(rows).hasSize(SERVERS * SESSIONS).allSatisfy(r -> {
                assertThat(r.get("action").asText()).isEqualTo("disconnect");
                assertThat(r.get("source").asText()).isEqualTo("closing");
                assertThat(r.get("outcome").asText()).isEqualTo("done");
            });
            assertThat(lines(journal)).isEqualTo(SERVERS * SESSIONS);
            assertThat(HttpEndpointProcessTest.actionCounters(d.get("/metrics", bearer).body()))
                    .containsEntry("disconnect|closing|closing|done", (long) SERVERS * SESSIONS);
        }
    }

    private static long lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file).stream().filter(l -> !l.isEmpty()).count() : 0;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void scenario(Path file) throws IOException {
        StringBuilder s = new StringBuilder("zone: UTC\nstart: 2026-11-23T08:00:00\nend: 2026-11-23T18:00:00\nservers:\n");
        for (int server = 1; server <= SERVERS; server++) {
            s.append("  - name: ms0").append(server).append(".school.local\n    sessions:\n");
            for (int id = 2; id < SESSIONS + 2; id++) {
                s.append("      - { id: ").append(id).append(", user: u").append(server).append('_').append(id)
                        .append(", station: RDP-Tcp#").append(id).append(", logon: 2026-11-23T07:00:00 }\n");
            }
        }
        Files.writeString(file, s);
    }
}
