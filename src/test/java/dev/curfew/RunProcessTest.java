package dev.curfew;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code curfew run} as a real process: it starts on the shipped config and stops in order on SIGTERM. */
class RunProcessTest {

    @Test
    void sigtermStopsTheSchedulerThenThePoolWithALastLine(@TempDir Path dir) throws Exception {
        ShippedConfig.copyTo(dir, "1m");
        Process p = run(dir);
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = reading(p, lines);
        try {
            // The first sweep acts before the start is over (the HTTP endpoint starts after the scheduler).
            Await.until("the demo's first logoff and the end of the start", Duration.ofSeconds(60), () -> {
                assertThat(p.isAlive()).as("daemon output: %s", lines).isTrue();
                return lines.stream().anyMatch(l -> l.contains("logoff by \"disconnected limit\""))
                        && lines.stream().anyMatch(l -> l.contains("curfew started in"));
            });
            sigterm(p);
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            reader.join(5000);
            assertThat(lines).anyMatch(l -> l.contains("curfew started in"));
            int stopping = indexOf(lines, "curfew stopping: waiting for running sweeps");
            int stopped = indexOf(lines, "curfew stopped");
            assertThat(stopping).as("output: %s", lines).isNotNegative().isLessThan(stopped);
            assertThat(lines.get(lines.size() - 1)).endsWith("curfew stopped");
            assertThat(p.exitValue()).isEqualTo(143);
        } finally {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void sigtermWhileTheRulesCompileGivesUpTheStartBeforeAnySweep(@TempDir Path dir) throws Exception {
        ShippedConfig.copyTo(dir, "1m");
        Process p = run(dir);
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = reading(p, lines);
        try {
            // The history opens while the rules compile, seconds before anything is scheduled.
            Await.until("the history's file", Duration.ofSeconds(60), () -> {
                assertThat(p.isAlive()).as("daemon output: %s", lines).isTrue();
                return Files.exists(dir.resolve("data/history.mv.db"));
            });
            sigterm(p);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            reader.join(5000);
            assertThat(lines).as("output").anyMatch(l -> l.endsWith(
                    "curfew stopping: asked while starting, the start gives up before any sweep"));
            assertThat(lines.get(lines.size() - 1)).as("output: %s", lines).endsWith("curfew stopped");
            // No sweep ran: the demo's first sweep acts at once (see the test above), and none started.
            assertThat(lines).noneMatch(l -> l.contains("ActionRunner") || l.contains("curfew started in"));
            assertThat(p.exitValue()).isEqualTo(143);
            // The history was closed: H2 deletes its lock file with the last connection.
            assertThat(dir.resolve("data/history.mv.db")).exists();
            assertThat(dir.resolve("data/history.lock.db")).doesNotExist();
        } finally {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aScenarioWithAnUnknownEventIsItsErrorLineAlone(@TempDir Path dir) throws Exception {
        // The shipped config as it is (backend auto: no WTS here, so the scenario), on a scenario that does not read.
        Files.writeString(dir.resolve("curfew.yaml"), Files.readString(Path.of("config/curfew.yaml"))
                .replace("dir: ../data ", "dir: \"" + dir.resolve("data") + "\" "));
        Path scenario = Files.copy(Path.of("src/test/resources/scenarios/bad/unknown-event.yaml"),
                dir.resolve("demo-scenario.yaml"));
        Process p = run(dir);
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(output).isEqualTo("curfew: " + scenario + ":10: servers[0].sessions[0].events[0].do: unknown event"
                + " \"nap\" (use input, busy, disconnect, reconnect, logoff, start, stop, cpu)" + System.lineSeparator());
        assertThat(p.exitValue()).isEqualTo(2);
    }

    /** {@code curfew --config DIR run} in a process of its own, its error output merged into its output. */
    private static Process run(Path dir) throws java.io.IOException {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.curfew.cli.Main", "--config", dir.toString(), "run")
                .redirectErrorStream(true).start();
    }

    /** Process.destroy() would also close our end of its output: the signal is sent instead. */
    private static void sigterm(Process p) throws Exception {
        new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor();
    }

    /** A thread that adds each line of {@code p}'s output to {@code lines}, started. */
    private static Thread reading(Process p, List<String> lines) {
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    lines.add(line);
                }
            } catch (java.io.IOException e) {
                lines.add("read failed: " + e);
            }
        });
        reader.start();
        return reader;
    }

    private static int indexOf(List<String> lines, String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).endsWith(text)) {
                return i;
            }
        }
        return -1;
    }
}
