package dev.curfew;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.curfew.history.HistoryEntry;
import dev.curfew.history.HistoryFilter;
import dev.curfew.history.HistoryStore;
import dev.curfew.history.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One daemon on its H2 history, a real process, killed with SIGKILL in the middle of a closing of
 * many busy sessions (one call at a time per server, so the closing lasts), then started again on
 * the same configuration and data folder: it finishes the closing it began (within
 * {@code schedule.misfireGrace}) and no session is disconnected twice, neither by the servers'
 * journal nor by the history's rows.
 */
@Tag("timing")   // the kill must land in the middle of the closing
class ClosingKillRestartTest {
    static final int SERVERS = 4;
    static final int SESSIONS = 150;

    @TempDir
    Path dir;

    final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopAll() throws InterruptedException, IOException {
        for (Process p : started) {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
        // The logs and the journal, to read after a failure.
        Path keep = Files.createDirectories(Path.of("target", "closing-kill-logs"));
        for (Path f : List.of(dir.resolve("first.log"), dir.resolve("second.log"), dir.resolve("config/journal.tsv"))) {
            if (Files.exists(f)) {
                Files.copy(f, keep.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    @Test
    void aClosingKilledInTheMiddleIsFinishedByTheRestartAndClosesEachSessionOnce() throws Exception {
        Path config = dir.resolve("config");
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant closing = start.plusSeconds(25);
        Files.createDirectories(config);
        Instant day = start.minus(Duration.ofHours(1));
        Files.writeString(config.resolve("scenario.yaml"), scenario(day));
        Files.writeString(config.resolve("curfew.yaml"), config(closing, day));
        Path journal = config.resolve("journal.tsv");

        Process first = start(config, dir.resolve("first.log"));
        await("the closing's first disconnects", Duration.ofSeconds(120), first,
                () -> disconnects(journal).size() >= 40);
        first.destroyForcibly();   // SIGKILL: no shutdown hook, no flush, no close
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        List<String> killedRun = disconnects(journal);
        int beforeKill = killedRun.size();
        assertThat(beforeKill).as("killed in the middle of the closing").isLessThan(SERVERS * SESSIONS);

        Process second = start(config, dir.resolve("second.log"));
        await("every session closed", Duration.ofSeconds(120), second,
                () -> disconnects(journal).size() >= SERVERS * SESSIONS);
        second.destroy();   // SIGTERM: an orderly stop, which lets the running closing record its end
        assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(disconnects(journal)).as("disconnects the servers received").doesNotHaveDuplicates()
                .hasSize(SERVERS * SESSIONS);
        assertThat(log(dir.resolve("second.log"))).as("the restart's log")
                .contains("was begun and not finished (curfew stopped): finishing it now");
        try (HikariDataSource ds = HistoryStore.dataSource(null, null, null, dir.resolve("data"))) {
            HistoryStore history = new HistoryStore(ds, "k1");
            List<HistoryEntry> rows = history.query(HistoryFilter.ALL);
            Map<String, Long> done = rows.stream().filter(e -> e.outcome() == Outcome.DONE)
                    .collect(Collectors.groupingBy(e -> e.server() + "#" + e.sessionId(), Collectors.counting()));
            Map<String, Long> perSession = rows.stream()
                    .collect(Collectors.groupingBy(e -> e.server() + "#" + e.sessionId(), Collectors.counting()));
            assertThat(done.values()).as("done rows per session").containsOnly(1L);
            assertThat(perSession.values()).as("rows per session: the killed run's intent, the restart's")
                    .allMatch(n -> n <= 2);
            java.util.Set<String> settled = new java.util.HashSet<>(done.keySet());
            settled.addAll(killedRun);
            assertThat(settled).as("sessions done by the restart or called before the kill (outcome unknown)")
                    .hasSize(SERVERS * SESSIONS);
            assertThat(rows).as("the other rows: the kill's intents, marked unknown").allSatisfy(e -> {
                if (e.outcome() != Outcome.DONE) {
                    assertThat(e.outcome()).as(e.toString()).isEqualTo(Outcome.UNKNOWN);
                    assertThat(e.error()).isEqualTo(HistoryStore.ABANDONED_NOTE);
                }
            });
            assertThat(history.closings().toResume(closing, servers())).as("closings still owed").isEmpty();
            System.out.println("CLOSINGKILL before kill=" + beforeKill + " rows=" + rows.size());
        }
    }

    /** Both runs play the same day from {@code day} (scenarioStart), so the restart sees the disconnects before it. */
    private String config(Instant closing, Instant day) {
        ZonedDateTime c = closing.atZone(ZoneOffset.UTC);
        return """
                node: k1
                host: { backend: sim, scenario: scenario.yaml, journal: journal.tsv, scenarioStart: "%s" }
                sweep: { interval: 2s, parallelism: 4, actionsPerServer: 1 }
                schedule: { misfireGrace: 10m }
                history: { dir: %s }
                policy:
                  zone: UTC
                  idle: { limit: off }
                  disconnected: { limit: off }
                  closing: { at: "%d %d %d ? * *", warn: [], action: disconnect, holidays: [] }
                """.formatted(day, dir.resolve("data"), c.getSecond(), c.getMinute(), c.getHour());
    }

    /** Every session busy all day: only the closing ends them. */
    private static String scenario(Instant start) {
        StringBuilder s = new StringBuilder("zone: UTC\nstart: ").append(local(start)).append("\nend: ")
                .append(local(start.plus(Duration.ofHours(4)))).append("\nservers:\n");
        for (String server : servers()) {
            s.append("  - name: ").append(server).append("\n    sessions:\n");
            for (int id = 2; id < SESSIONS + 2; id++) {
                s.append("      - { id: ").append(id).append(", user: u").append(id).append(", station: RDP-Tcp#")
                        .append(id).append(", logon: ").append(local(start)).append(", events: [ { at: ")
                        .append(local(start)).append(", do: busy, until: ").append(local(start.plus(Duration.ofHours(4))))
                        .append(" } ] }\n");
            }
        }
        return s.toString();
    }

    private static List<String> servers() {
        List<String> out = new ArrayList<>();
        for (int j = 1; j <= SERVERS; j++) {
            out.add("ck0" + j + ".school.local");
        }
        return out;
    }

    private static String local(Instant i) {
        return LocalDateTime.ofInstant(i, ZoneOffset.UTC).toString();
    }

    private Process start(Path config, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), "dev.curfew.cli.Main", "--config", config.toString(), "--rules",
                Path.of("rules").toAbsolutePath().toString(), "run").redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        started.add(p);
        return p;
    }

    /** The disconnects in the servers' journal, as {@code server#id}. */
    private static List<String> disconnects(Path journal) {
        try {
            if (!Files.exists(journal)) {
                return List.of();
            }
            return Files.readAllLines(journal).stream().map(l -> l.split("\t"))
                    .filter(f -> f.length >= 4 && f[1].equals("disconnect")).map(f -> f[2] + "#" + f[3]).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String log(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void await(String what, Duration timeout, Process p, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(p.isAlive()).as("the daemon stopped before " + what).isTrue();
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(5);
        }
    }
}
