package dev.curfew.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Real daemon processes ({@code java dev.curfew.cli.Main --config DIR run}), each a node of one
 * cluster on a PostgreSQL database, all playing the same {@link Fleet} through one journal, so they
 * share one fleet as they would real servers. {@link #close()} ends every process it started.
 */
final class Nodes implements AutoCloseable {
    static final String SWEEP = "2s";
    static final String CHECKIN = "1s";

    private final Path dir;
    private final String url;
    private final Fleet fleet;
    private final Instant closing;
    private final List<Process> started = new ArrayList<>();

    /** {@code closing}: the instant of the day's closing (with warnings 10 s and 5 s before), or null for none. */
    Nodes(Path dir, String url, Fleet fleet, Instant closing) throws IOException {
        this.dir = dir;
        this.url = url;
        this.fleet = fleet;
        this.closing = closing;
        fleet.write(dir.resolve("fleet.yaml"));
    }

    Path journal() {
        return dir.resolve("journal.tsv");
    }

    Path log(String node) {
        return dir.resolve(node + ".log");
    }

    String logText(String node) {
        try {
            return Files.exists(log(node)) ? Files.readString(log(node)) : "";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    List<String> journalLines() {
        try {
            return Files.exists(journal()) ? Files.readAllLines(journal()) : List.of();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts node {@code name}; its output goes to {@link #log}. */
    Process start(String name) throws IOException {
        Path config = dir.resolve(name);
        Files.createDirectories(config);
        Files.writeString(config.resolve("curfew.yaml"), config(name));
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"),
                "dev.curfew.cli.Main", "--config", config.toString(), "--rules", Path.of("rules").toAbsolutePath().toString(),
                "run");
        pb.redirectErrorStream(true);
        pb.redirectOutput(log(name).toFile());
        Process p = pb.start();
        started.add(p);
        return p;
    }

    private String config(String name) {
        String closingAt = "off";
        String warn = "[]";
        if (closing != null) {
            ZonedDateTime c = closing.atZone(ZoneOffset.UTC);
            closingAt = "\"" + c.getSecond() + " " + c.getMinute() + " " + c.getHour() + " ? * *\"";
            warn = "[10s, 5s]";
        }
        return """
                node: %s
                host:
                  backend: sim
                  scenario: "%s"
                  journal: "%s"
                  scenarioStart: "%s"
                sweep:
                  interval: %s
                  parallelism: 4
                schedule:
                  store: jdbc
                  checkinInterval: %s
                history:
                  url: "%s"
                  user: postgres
                  dir: "%s"
                policy:
                  zone: UTC
                  idle: { limit: 30m, warn: 10s, action: disconnect }
                  disconnected: { limit: 8h, action: logoff }
                  closing: { at: %s, warn: %s, action: disconnect, holidays: [] }
                """.formatted(name, dir.resolve("fleet.yaml"), journal(), fleet.start(), SWEEP, CHECKIN, url,
                dir.resolve("data-" + name), closingAt, warn);
    }

    /** SIGKILL: no shutdown hook, nothing flushed or closed. */
    static void kill(Process p) throws InterruptedException {
        p.destroyForcibly();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("process " + p.pid() + " still alive 30 s after SIGKILL");
        }
    }

    /** SIGTERM, and waits for the orderly stop. */
    static void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Copies the nodes' logs and the journal to {@code target}, to read after a failure. */
    void keepLogs(Path target) {
        try {
            Files.createDirectories(target);
            try (var files = Files.list(dir)) {
                for (Path f : files.filter(f -> f.toString().endsWith(".log") || f.toString().endsWith(".tsv")).toList()) {
                    Files.copy(f, target.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            System.err.println("cannot keep the logs: " + e);
        }
    }

    @Override
    public void close() {
        for (Process p : started) {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        }
        for (Process p : started) {
            try {
                p.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Polls {@code done} every 200 ms until it holds; fails after {@code limit} with {@code what}. */
    static void await(String what, Duration limit, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + limit.toSeconds() + " s: " + what);
            }
            Thread.sleep(200);
        }
    }
}
