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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a real daemon process (SIGKILL) while it disconnects a thousand sessions at once, starts
 * it again, and checks that every action the simulated servers received has its history row: done,
 * or unknown with a note when the kill came between the server's call and the outcome.
 */
@Tag("timing")   // the kill must land in the middle of the disconnects
class KillDuringClosingTest {
    static final int SERVERS = 4;
    static final int SESSIONS = 250;

    @TempDir
    Path dir;

    final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopAll() throws InterruptedException {
        for (Process p : started) {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void everyActionTheServersReceivedHasItsRowAfterAKill() throws Exception {
        Path config = dir.resolve("config");
        Path journal = config.resolve("journal.tsv");
        Process first = startDisconnectingAThousand(config, journal);
        first.destroyForcibly();   // SIGKILL on Linux: no shutdown hook, no flush, no close
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        List<String> received = lines(journal);
        assertThat(received.size()).as("killed in the middle of the disconnects").isLessThan(SERVERS * SESSIONS);

        writeConfig(config, "off");   // the same daemon and database, without a limit to act on again
        Process second = start(config, dir.resolve("second.log"));
        await("the restart", Duration.ofSeconds(120),
                () -> log(dir.resolve("second.log")).contains("curfew started in"));
        second.destroy();   // SIGTERM: an orderly stop
        assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(lines(journal)).hasSameSizeAs(received);

        try (HikariDataSource ds = HistoryStore.dataSource(null, null, null, dir.resolve("data"))) {
            HistoryStore history = new HistoryStore(ds, "killtest");
            List<HistoryEntry> rows = history.query(HistoryFilter.ALL);
            Set<String> recorded = new HashSet<>();
            for (HistoryEntry e : rows) {
                recorded.add(e.action().label() + "\t" + e.server() + "\t" + e.sessionId());
                assertThat(e.outcome()).as(e.toString()).isIn(Outcome.DONE, Outcome.UNKNOWN);
                if (e.outcome() == Outcome.UNKNOWN) {
                    assertThat(e.error()).isEqualTo(HistoryStore.ABANDONED_NOTE);
                }
            }
            for (String line : received) {
                String action = line.substring(line.indexOf('\t') + 1);
                assertThat(recorded).as("a row for the action received: " + line).contains(action);
            }
            // A server's actions are recorded as one batch of intents before its first call, so a kill
            // leaves the intents of that server's uncalled sessions too, marked unknown; never two per session.
            assertThat(rows.size()).isLessThanOrEqualTo(SERVERS * SESSIONS);
            assertThat(recorded).hasSameSizeAs(rows);
            long unknown = rows.stream().filter(e -> e.outcome() == Outcome.UNKNOWN).count();
            if (unknown > 0) {
                assertThat(log(dir.resolve("second.log"))).contains("History: " + unknown + " actions of node killtest"
                        + " were left pending by an earlier stop");
            }
            System.out.println("KILLTEST received=" + received.size() + " rows=" + rows.size() + " unknown=" + unknown);
        }
    }

    @Test
    void anOrderlyStopInTheMiddleLetsTheRunningActionsFinishAndRecordsTheirOutcomes() throws Exception {
        Path config = dir.resolve("config");
        Path journal = config.resolve("journal.tsv");
        Process daemon = startDisconnectingAThousand(config, journal);
        daemon.destroy();   // SIGTERM: the JVM's shutdown hooks run, curfew's orderly stop among them
        assertThat(daemon.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String log = log(dir.resolve("first.log"));
        assertThat(log).contains("curfew stopped").doesNotContain("cannot be written").doesNotContain("ERROR");

        List<String> received = lines(journal);
        try (HikariDataSource ds = HistoryStore.dataSource(null, null, null, dir.resolve("data"))) {
            List<HistoryEntry> rows = new HistoryStore(ds, "killtest").query(HistoryFilter.ALL);
            assertThat(rows).as("every action sent has its row, done").hasSameSizeAs(received)
                    .allSatisfy(e -> assertThat(e.outcome()).as(e.toString()).isEqualTo(Outcome.DONE));
        }
    }

    /** Starts a daemon whose sessions all cross their idle limit at once; returns when the servers got 40 actions. */
    private Process startDisconnectingAThousand(Path config, Path journal) throws IOException, InterruptedException {
        writeConfig(config, "30m");
        writeScenario(config.resolve("scenario.yaml"));
        Process p = start(config, dir.resolve("first.log"));
        await("the first actions in the journal", Duration.ofSeconds(90), () -> lines(journal).size() >= 40);
        return p;
    }

    private Process start(Path config, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                "dev.curfew.cli.Main", "--config", config.toString(), "--rules", Path.of("rules").toAbsolutePath()
                .toString(), "run").redirectErrorStream(true).redirectOutput(log.toFile()).start();
        started.add(p);
        return p;
    }

    private void writeConfig(Path config, String idleLimit) throws IOException {
        Files.createDirectories(config);
        Files.writeString(config.resolve("curfew.yaml"), """
                node: killtest
                host: { backend: sim, scenario: scenario.yaml, journal: journal.tsv }
                sweep: { interval: 1s, parallelism: 4 }
                history: { dir: %s }
                policy:
                  zone: UTC
                  idle: { limit: %s, warn: 0, action: disconnect }
                  disconnected: { limit: off }
                  closing: { at: "off" }
                """.formatted(dir.resolve("data"), idleLimit));
    }

    /** Every session idle 29m56s when the daemon starts: four seconds later all cross the 30m limit at once. */
    private static void writeScenario(Path file) throws IOException {
        StringBuilder s = new StringBuilder("zone: UTC\nstart: 2026-11-23T08:00:00\nend: 2026-11-23T18:00:00\nservers:\n");
        for (int server = 1; server <= SERVERS; server++) {
            s.append("  - name: ms0").append(server).append(".school.local\n    sessions:\n");
            for (int id = 2; id < SESSIONS + 2; id++) {
                s.append("      - { id: ").append(id).append(", user: u").append(server).append('_').append(id)
                        .append(", station: RDP-Tcp#").append(id)
                        .append(", logon: 2026-11-23T07:00:00, lastInput: 2026-11-23T07:30:04 }\n");
            }
        }
        Files.writeString(file, s);
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file).stream().filter(l -> l.endsWith("\n") || !l.isEmpty())
                    .toList() : List.of();
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

    private void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            for (Process p : started) {
                assertThat(p.isAlive() || !p.equals(started.get(started.size() - 1)))
                        .as("the daemon stopped before " + what + ":\n" + log(dir.resolve(
                                started.size() == 1 ? "first.log" : "second.log"))).isTrue();
            }
            assertThat(System.nanoTime()).as("waiting for " + what + ":\n" + log(dir.resolve(
                    started.size() == 1 ? "first.log" : "second.log"))).isLessThan(deadline);
            Thread.sleep(5);
        }
    }
}
