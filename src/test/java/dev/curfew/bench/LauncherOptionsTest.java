package dev.curfew.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** config/jvm.options: what the launcher gives java, read the same way by the benchmarks, and valid for this JVM. */
class LauncherOptionsTest {
    static final List<String> HELD_BACK_C2 = List.of("-XX:Tier4InvocationThreshold=50000",
            "-XX:Tier4MinInvocationThreshold=6000", "-XX:Tier4CompileThreshold=60000", "-XX:Tier4BackEdgeThreshold=400000");

    @TempDir
    Path tmp;

    @Test
    void theShippedOptionsHoldC2BackAndThisJvmTakesThem() throws Exception {
        List<String> options = Machine.launcherOptions();
        assertThat(options).isEqualTo(HELD_BACK_C2);

        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java")));
        command.addAll(options);
        command.addAll(List.of("-XX:+PrintFlagsFinal", "-version"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).containsPattern("Tier4InvocationThreshold\\s+= 50000\\s")
                .containsPattern("Tier4BackEdgeThreshold\\s+= 400000\\s");
    }

    @Test
    void commentsAndBlankLinesAreSkippedAndALineMayHoldSeveralOptions() throws IOException {
        Path file = Files.writeString(tmp.resolve("jvm.options"), """
                # a comment
                -Xmx300m   # the heap

                -Da=1 -Db=2
                   #-XX:+Nothing
                """);

        assertThat(Machine.launcherOptions(file)).containsExactly("-Xmx300m", "-Da=1", "-Db=2");
        assertThat(Machine.launcherOptions(tmp.resolve("none"))).isEmpty();
    }

    @Test
    void theLauncherGivesJavaTheOptionsBeforeCurfewJavaOpts() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("curfew"));
        Path launcher = Files.copy(Path.of("curfew"), root.resolve("curfew"));
        Files.createDirectories(root.resolve("config"));
        Files.copy(Machine.LAUNCHER_OPTIONS, root.resolve("config/jvm.options"));
        Files.createDirectories(root.resolve("src/main"));
        Files.writeString(root.resolve("pom.xml"), "<project/>");
        Path jar = Files.writeString(Files.createDirectories(root.resolve("target")).resolve("curfew.jar"), "");
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60)));   // newer: nothing to build
        // A java that prints its arguments, one per line.
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path java = Files.writeString(bin.resolve("java"), "#!/bin/sh\nfor a in \"$@\"; do echo \"$a\"; done\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));

        ProcessBuilder pb = new ProcessBuilder("sh", launcher.toString(), "run", "--what-if").redirectErrorStream(true);
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        pb.environment().put("CURFEW_JAVA_OPTS", "-Xmx300m");
        Process p = pb.start();
        List<String> args = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

        List<String> expected = new ArrayList<>(HELD_BACK_C2);
        expected.addAll(List.of("-Xmx300m", "-jar", jar.toString(), "run", "--what-if"));
        assertThat(args).isEqualTo(expected);
    }
}
