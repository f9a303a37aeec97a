package dev.curfew.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Footprint: start-up to the first sweep and resident memory of a daemon in a process of its own
 * (the shipped demo: a first start on the shipped rules, one after a rule was edited, and a restart,
 * each compiling the rules; then the simulated fleet), and a hot reload in the running demo daemon.
 */
final class FootprintBench {
    // An idle daemon: its heap has been collected since the start (the launcher asks for a collection after 10 s without one).
    static final long SETTLE_SECONDS = 60;

    /** The daemon process's figures; -1 where it did not get that far. */
    record Daemon(double firstSweepSeconds, long rulesMillis, Rules rules, long rssMib, Reload reload,
            String error) {
    }

    /** How a daemon came by its rules, as its "Rules:" line says. */
    enum Rules {
        COMPILED("compiled"), UNKNOWN("?");

        final String how;

        Rules(String how) {
            this.how = how;
        }

        static Rules of(String line) {
            return line.contains("compiled in ") ? COMPILED : UNKNOWN;
        }
    }

    /** The demo's rules as shipped, or with a comment added to one file (same text each time: a restart loads it). */
    enum Start {
        SHIPPED, EDITED, RESTART
    }

    /** A rule file changed under a running daemon: seconds until it ran the new rules, and their compilation. */
    record Reload(double seconds, long compileMillis) {
    }

    private FootprintBench() {
    }

    static Section run(BenchOptions o, long compileMillis) throws Exception {
        long t = System.nanoTime();
        Section section = new Section("Footprint", "the shipped demo (config/, 2 servers) and the " + o.fleetSize());
        Reload reload = starts(section, o, List.of(), "as ./curfew starts it", true);
        Daemon c1 = demo(o, List.of("-XX:TieredStopAtLevel=1"), 0, Start.EDITED, false);
        // The JVM's own heap options, given after the launcher's: what a plain java -jar start holds.
        Daemon plainJava = demo(o, List.of("-XX:MinHeapFreeRatio=40", "-XX:MaxHeapFreeRatio=70",
                "-XX:G1PeriodicGCInterval=0"), SETTLE_SECONDS,
                Start.EDITED, false);
        Daemon fleet = fleet(o);
        section.info("start-up to first sweep with -XX:TieredStopAtLevel=1 (C1 only), first start after editing a rule",
                        c1.error() != null
                        ? c1.error() : String.format("%.2f s (rules %s in %d ms)", c1.firstSweepSeconds(), c1.rules().how,
                                c1.rulesMillis()))
                .info("resident memory with the JVM's own heap options (free ratios 40/70 %, no periodic collection: a "
                        + "plain java -jar), first "
                        + "start after editing a rule", plainJava.error() != null ? plainJava.error()
                        : plainJava.rssMib() + " MiB")
                .info("resident memory under the fleet, after its first round", fleet.error() != null ? fleet.error()
                        : fleet.rssMib() + " MiB (first round " + String.format("%.1f", fleet.firstSweepSeconds()) + " s)")
                .info("hot reload in the running daemon: rule file changed to new rules running", reload == null
                        ? "no reload seen" : String.format("%.2f s (compiled in %d ms; the folder is checked every 2 s)",
                                reload.seconds(), reload.compileMillis()))
                .info("first rule compilation in the benchmark's JVM (cold)", compileMillis + " ms");
        section.note("Every daemon runs as a separate process (java with the launcher's heap options "
                + "(" + String.join(" ", Machine.LAUNCHER_OPTIONS) + ") and the options named, -jar target/curfew.jar, as "
                + "./curfew starts it; the heap may grow to a quarter of the machine's memory); resident memory is "
                + "VmRSS from /proc, " + SETTLE_SECONDS + " s after the first sweep. Every start compiles the rules "
                + "with Drools' executable model while the history opens, nothing is cached: a first start on the "
                + "shipped rules, one after a rule was edited (a comment appended to idle.drl) and a restart differ "
                + "only in the data folder.");
        section.note("Hot reload: a comment is appended to a copy of idle.drl under the restarted daemon; the time runs "
                + "from the write to the daemon's \"Rules reloaded\" line.");
        return section.finish((System.nanoTime() - t) / 1_000_000_000);
    }

    /**
     * Three of each start with {@code jvm} (first on the shipped rules, first after editing a rule, restart);
     * their rows (targets or not); the first restart's reload.
     */
    private static Reload starts(Section section, BenchOptions o, List<String> jvm, String how, boolean targets)
            throws Exception {
        // Start-up varies by seconds on a shared machine: three of each kind, and the median.
        List<Daemon> shipped = new ArrayList<>();
        List<Daemon> edited = new ArrayList<>();
        List<Daemon> restart = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            long settle = i == 0 ? SETTLE_SECONDS : 0;
            shipped.add(demo(o, jvm, settle, Start.SHIPPED, false));
            edited.add(demo(o, jvm, settle, Start.EDITED, false));
            restart.add(demo(o, jvm, settle, Start.RESTART, i == 0 && targets));
        }
        startRows(section, "first start on the shipped rules (empty data folder), " + how, shipped, Rules.COMPILED,
                targets);
        startRows(section, "first start after editing a rule (empty data folder), " + how, edited, Rules.COMPILED,
                targets);
        startRows(section, "restart on unchanged rules, " + how, restart, Rules.COMPILED, targets);
        return restart.get(0).reload();
    }

    private static void startRows(Section section, String kind, List<Daemon> runs, Rules rules, boolean targets) {
        Daemon d = runs.get(0);
        String error = runs.stream().map(r -> r.error() != null ? r.error() : r.rules() != rules
                ? "rules " + r.rules().how + ", not " + rules.how : null).filter(e -> e != null).findFirst().orElse(null);
        List<Double> starts = new ArrayList<>(runs.stream().map(Daemon::firstSweepSeconds).toList());
        starts.sort(Double::compare);
        double median = starts.get(1);
        section.row("start-up to first sweep, " + kind + ", median of 3", targets ? "<= 4 s" : "", error != null ? error
                        : String.format("%.2f s (%.2f, %.2f, %.2f; rules %s in %d ms in the first)", median,
                                starts.get(0), starts.get(1), starts.get(2), rules.how, d.rulesMillis()),
                        targets ? error == null && median <= 4 : null)
                .row("resident memory, idle demo daemon, " + kind, targets ? "<= 200 MB" : "", d.error() != null
                        ? d.error() : d.rssMib() + " MiB", targets ? d.error() == null && d.rssMib() <= 200 : null);
    }

    /**
     * Starts {@code curfew run} on a copy of the shipped config and rules (edited unless {@code start} is SHIPPED),
     * on an empty data folder (a RESTART on the last one's); times its first sweep, then
     * reads VmRSS.
     */
    static Daemon demo(BenchOptions o, List<String> jvmOptions, long settleSeconds, Start start, boolean reload)
            throws Exception {
        Path dir = o.workDir().resolve("demo");
        if (start != Start.RESTART) {
            BenchDb.delete(dir);
        }
        Files.createDirectories(dir);
        Path rules = dir.resolve("rules");
        BenchDb.delete(rules);
        Files.createDirectories(rules);
        try (var files = Files.list(o.rulesDir())) {
            for (Path f : files.toList()) {
                Files.copy(f, rules.resolve(f.getFileName()));
            }
        }
        if (start != Start.SHIPPED) {
            Path idle = rules.resolve("idle.drl");
            Files.writeString(idle, Files.readString(idle) + "\n// edited by curfew bench\n");
        }
        String yaml = Files.readString(Path.of("config/curfew.yaml"))
                .replace("backend: auto ", "backend: sim  ")
                .replace("scenario: demo-scenario.yaml", "scenario: \"" + Path.of("config/demo-scenario.yaml").toAbsolutePath() + "\"")
                .replace("dir: ../data ", "dir: \"" + dir.resolve("data").toAbsolutePath() + "\" ")
                // Each daemon side by side with its own endpoint, as each would have on its own server.
                .replace("listen: 127.0.0.1:8765 ", "listen: 127.0.0.1:0 ");
        Files.writeString(dir.resolve("curfew.yaml"), yaml);
        List<String> args = new ArrayList<>(List.of("--config", dir.toString(), "--rules", rules.toString(), "run"));
        // The demo's first sweep acts at once (frank is disconnected, alice warned): its first action line marks it.
        List<String> command = Machine.curfew(jvmOptions);
        command.addAll(args);
        return watch(command, Map.of(), "ActionRunner - ", settleSeconds, reload ? rules.resolve("idle.drl") : null);
    }

    /** Starts the fleet daemon; reads VmRSS once its first round is done and settled. */
    static Daemon fleet(BenchOptions o) throws Exception {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java")));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), BenchCommand.class.getName()));
        command.addAll(List.of("--rules", o.rulesDir().toString(), "--serve-fleet",
                "--servers", Integer.toString(o.servers()), "--sessions", Integer.toString(o.sessions()),
                "--latency", Long.toString(o.latency().toMillis()), "--parallelism", Integer.toString(o.parallelism()),
                "--work", o.workDir().toString()));
        return watch(command, Map.of(), "first round done in ", SETTLE_SECONDS, null);
    }

    private static Daemon watch(List<String> command, Map<String, String> env, String marker,
            long settleSeconds, Path touchAfterSettling) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        long t0 = System.nanoTime();
        Process p = pb.start();
        BlockingQueue<String> lines = new ArrayBlockingQueue<>(100_000);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    lines.offer(line);
                }
            } catch (IOException e) {
                lines.offer("read error: " + e.getMessage());
            }
        }, "footprint-reader");
        reader.setDaemon(true);
        reader.start();
        try {
            long rulesMillis = -1;
            Rules rules = Rules.UNKNOWN;
            double first = -1;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            List<String> tail = new ArrayList<>();
            while (first < 0) {
                String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null || !p.isAlive() && lines.isEmpty() && line == null) {
                    return new Daemon(-1, -1, Rules.UNKNOWN, -1, null, "no first sweep: " + String.join(" | ", tail));
                }
                tail.add(line);
                if (tail.size() > 5) {
                    tail.remove(0);
                }
                if (line.contains("Daemon - Rules: ") && rulesMillis < 0) {
                    rules = Rules.of(line);
                    rulesMillis = millisAfter(line, "compiled in ");
                }
                if (line.contains(marker)) {
                    first = (System.nanoTime() - t0) / 1e9;
                }
            }
            Thread.sleep(TimeUnit.SECONDS.toMillis(settleSeconds));
            long rss = Machine.rssMib(p.pid());
            Reload reload = touchAfterSettling == null ? null : reload(touchAfterSettling, lines);
            return new Daemon(first, rulesMillis, rules, rss, reload, null);
        } finally {
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    /** The next line holding {@code marker}, or null when none came by {@code deadline} (System.nanoTime). */
    private static String lineWith(BlockingQueue<String> lines, String marker, long deadline) throws InterruptedException {
        while (System.nanoTime() < deadline) {
            String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line != null && line.contains(marker)) {
                return line;
            }
        }
        return null;
    }

    /** Appends a comment to {@code drl} (a new text: compiled, not loaded) and waits for the reload line. */
    private static Reload reload(Path drl, BlockingQueue<String> lines) throws IOException, InterruptedException {
        lines.clear();
        long t0 = System.nanoTime();
        Files.writeString(drl, Files.readString(drl) + "\n// changed by curfew bench at " + t0 + "\n");
        String line = lineWith(lines, "Rules reloaded: ", t0 + TimeUnit.SECONDS.toNanos(60));
        return line == null ? null : new Reload((System.nanoTime() - t0) / 1e9, millisAfter(line, "compiled in "));
    }

    private static long millisAfter(String line, String marker) {
        int at = line.indexOf(marker);
        return at < 0 ? -1 : Long.parseLong(line.substring(at + marker.length()).split(" ")[0]);
    }
}
