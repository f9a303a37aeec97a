package dev.curfew.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.curfew.Await;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release archive that the package phase builds ({@code target/curfew-VERSION.zip}), unpacked into a
 * folder of its own and run with this JVM's Java from another folder. Tagged {@code release}: the pom runs it
 * in the integration-test phase, after the package phase, so {@code ./mvnw -B verify} (which CI runs) runs it.
 */
@Tag("release")
@DisabledOnOs(OS.WINDOWS)
class ReleaseArchiveTest {
    private static final Duration LIMIT = Duration.ofMinutes(2);

    @TempDir
    Path dir;

    private String version;
    private Path home;
    private Path elsewhere;

    @BeforeEach
    void unpack() throws IOException {
        String archive = System.getProperty("curfew.archive");
        assumeTrue(archive != null && Files.isRegularFile(Path.of(archive)), () -> "no release archive ("
                + archive + "): it is built by the package phase; run ./mvnw -B verify");
        version = System.getProperty("curfew.version");
        Path unpacked = Files.createDirectories(dir.resolve("unpacked here"));
        // With the files' Unix modes, as unzip keeps them.
        try (FileSystem zip = FileSystems.newFileSystem(URI.create("jar:" + Path.of(archive).toUri()),
                Map.of("enablePosixFileAttributes", "true"))) {
            Path root = zip.getPath("/");
            try (Stream<Path> entries = Files.walk(root)) {
                for (Path entry : entries.toList()) {
                    Path to = unpacked.resolve(root.relativize(entry).toString());
                    if (Files.isDirectory(entry)) {
                        Files.createDirectories(to);
                    } else {
                        Files.copy(entry, to);
                        Files.setPosixFilePermissions(to, Files.getPosixFilePermissions(entry));
                    }
                }
            }
        }
        home = unpacked.resolve("curfew-" + version);
        elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
    }

    @Test
    void theArchiveHasTheLayoutOfAJavaTool() throws IOException {
        try (Stream<Path> files = Files.walk(home)) {
            assertThat(files.filter(Files::isRegularFile).map(f -> home.relativize(f).toString().replace('\\', '/')))
                    .contains("bin/curfew", "bin/curfew.cmd", "lib/curfew.jar", "config/curfew.yaml",
                            "config/demo-scenario.yaml", "rules/idle.drl", "rules/closing.drl", "README.md");
        }
        assertThat(Files.getPosixFilePermissions(home.resolve("bin/curfew")))
                .isEqualTo(PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThat(Files.readString(home.resolve("bin/curfew"))).doesNotContain("\r");
        String cmd = Files.readString(home.resolve("bin/curfew.cmd"));
        assertThat(cmd.replace("\r\n", "")).as("CR LF line ends only").doesNotContain("\n").doesNotContain("\r");
    }

    @Test
    void versionRulesCheckAndSimulateRunFromAnotherFolder() throws Exception {
        Launch v = curfew("--version");
        assertThat(v.outLines()).containsExactly("curfew " + version,
                "Java " + System.getProperty("java.version") + " on " + System.getProperty("os.name"));
        assertThat(v.exit()).isZero();

        Launch check = curfew("rules", "check");
        assertThat(check.out()).matches("\\Q" + home.resolve("rules") + "\\E: \\d+ rules from \\d+ files, no errors\n");
        assertThat(check.exit()).isZero();

        Launch sim = curfew("simulate", "--scenario", home.resolve("config/demo-scenario.yaml").toString());
        assertThat(sim.outLines().get(0)).startsWith("TIME").contains("SERVER", "ACTION", "RULE");
        assertThat(sim.outLines()).anyMatch(l -> l.matches("2026-11-23 07:30:00 +ms01\\.school\\.local +3 +bob +logoff"
                + " +disconnected limit +disconnected 8h30m"));
        assertThat(sim.outLines().get(sim.outLines().size() - 1)).matches("\\d+ actions");
        assertThat(sim.exit()).isZero();

        try (Stream<Path> left = Files.list(elsewhere)) {
            assertThat(left).as("nothing written in the current folder").isEmpty();
        }
    }

    @Test
    void runStartsOnTheInstallationsConfigAndKeepsItsHistoryInItsDataFolder() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/curfew").toString(), "run").directory(elsewhere.toFile())
                .redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = builder.start();
        p.getOutputStream().close();
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("read failed: " + e);
            }
        }, "release-run-output");
        reader.start();
        try {
            Await.until("the demo's first logoff and the end of the start", Duration.ofSeconds(90), () -> {
                assertThat(p.isAlive()).as("daemon output: %s", lines).isTrue();
                return lines.stream().anyMatch(l -> l.contains("logoff by \"disconnected limit\""))
                        && lines.stream().anyMatch(l -> l.contains("curfew started in"));
            });
            // The launcher execs java, so the signal reaches the daemon itself.
            new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            reader.join(5000);
            assertThat(lines).anyMatch(l -> l.contains("simulated server from " + home.resolve("config/demo-scenario.yaml")));
            assertThat(lines.get(lines.size() - 1)).endsWith("curfew stopped");
            assertThat(p.exitValue()).isEqualTo(143);
        } finally {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        assertThat(home.resolve("data/history.mv.db")).isRegularFile();
        try (Stream<Path> left = Files.list(elsewhere)) {
            assertThat(left).as("nothing written in the current folder").isEmpty();
        }
        Launch history = curfew("history", "--action", "logoff", "--format", "csv");
        assertThat(history.out()).contains(",bob,").contains("disconnected limit");
        assertThat(history.exit()).isZero();
    }

    private Launch curfew(String... args) throws IOException, InterruptedException {
        List<String> command = Stream.concat(Stream.of(home.resolve("bin/curfew").toString()), Stream.of(args)).toList();
        return Launch.run(command, elsewhere, Map.of("JAVA_HOME", System.getProperty("java.home")), dir, LIMIT);
    }
}
