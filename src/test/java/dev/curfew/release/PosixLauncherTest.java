package dev.curfew.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/curfew}, the POSIX launcher of the release archive, run by {@code sh} with a stand-in for java
 * that prints the arguments it gets: which java it picks, what it passes, and the exit code it returns.
 */
@DisabledOnOs(OS.WINDOWS)
class PosixLauncherTest {
    private static final Duration LIMIT = Duration.ofSeconds(30);
    // The heap ratios every launcher gives java first (the clone's ./curfew too).
    private static final String HEAP_MIN = "[-XX:MinHeapFreeRatio=10]";
    private static final String HEAP_MAX = "[-XX:MaxHeapFreeRatio=30]";
    private static final String HEAP_PERIODIC = "[-XX:G1PeriodicGCInterval=10000]";

    @TempDir
    Path dir;

    private Path home;
    private Path jdk;
    private Path tools;
    private Path elsewhere;

    @BeforeEach
    void layAnInstallation() throws IOException {
        home = Installation.lay(dir.resolve("opt dir/curfew & co $x"));
        jdk = Installation.posixJava(dir.resolve("jdk 17"));
        tools = Files.createDirectories(dir.resolve("tools"));
        // The few commands the launcher uses, and no java.
        for (String tool : List.of("dirname", "readlink", "sed", "head", "cut")) {
            Installation.executable(Files.writeString(tools.resolve(tool), "#!/bin/sh\nexec " + onPath(tool) + " \"$@\"\n"));
        }
        elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
    }

    @Test
    void argumentsReachJavaIntactAfterTheInstallationAndTheExitCodeComesBack() throws Exception {
        // A file here would be matched by an unquoted *.
        Files.createFile(elsewhere.resolve("a-file"));
        List<String> args = List.of("run", "a b", "50% & ^ | ; < > ( ) !", "$HOME `id` * ~", "\"double\" 'single'",
                "", "é€ 😀 Ωmega", "tab\there", "--config=/x y/");
        Launch l = curfew(env("JAVA_HOME", jdk.toString(), "FAKE_JAVA_EXIT", "3"), args);

        List<String> expected = new ArrayList<>(List.of("fake java " + jdk.resolve("bin/java"), HEAP_MIN, HEAP_MAX, HEAP_PERIODIC,
                "[-Dcurfew.home=" + home + "]", "[-jar]", "[" + home.resolve("lib/curfew.jar") + "]"));
        args.forEach(a -> expected.add("[" + a + "]"));
        assertThat(l.outLines()).containsExactlyElementsOf(expected);
        assertThat(l.err()).isEmpty();
        assertThat(l.exit()).isEqualTo(3);
    }

    @Test
    void javaOptionsComeFirstSplitAtSpacesWithoutFilePatterns() throws Exception {
        Files.createFile(elsewhere.resolve("a-file"));
        Launch l = curfew(env("JAVA_HOME", jdk.toString(), "CURFEW_JAVA_OPTS", "-Xmx64m  -Dpattern=*"), List.of("--version"));

        assertThat(l.outLines()).containsExactly("fake java " + jdk.resolve("bin/java"), HEAP_MIN, HEAP_MAX, HEAP_PERIODIC,
                "[-Xmx64m]", "[-Dpattern=*]", "[-Dcurfew.home=" + home + "]", "[-jar]",
                "[" + home.resolve("lib/curfew.jar") + "]", "[--version]");
        assertThat(l.exit()).isZero();
    }

    @Test
    void javaHomeComesBeforeThePathAndThePathWithoutIt() throws Exception {
        Path other = Installation.posixJava(dir.resolve("other jdk"));
        String path = other.resolve("bin") + File.pathSeparator + tools;

        Launch withHome = curfew(env("JAVA_HOME", jdk.toString(), "PATH", path), List.of("--version"));
        assertThat(withHome.outLines().get(0)).isEqualTo("fake java " + jdk.resolve("bin/java"));

        Launch withoutHome = curfew(env("JAVA_HOME", null, "PATH", path), List.of("--version"));
        assertThat(withoutHome.outLines().get(0)).isEqualTo("fake java " + other.resolve("bin/java"));
        assertThat(withoutHome.exit()).isZero();
    }

    @Test
    void aJavaOlderThan17IsOneLineAndExitCode2() throws Exception {
        for (String version : List.of("1.8.0_392", "11.0.2", "16")) {
            Launch l = curfew(env("JAVA_HOME", jdk.toString(), "FAKE_JAVA_VERSION", version), List.of("run"));
            assertThat(l.out()).isEmpty();
            assertThat(l.err()).isEqualTo("curfew: " + jdk.resolve("bin/java") + " is Java " + version
                    + "; curfew needs Java 17 or newer (set JAVA_HOME to one)\n");
            assertThat(l.exit()).isEqualTo(2);
        }
        for (String version : List.of("17", "21-ea", "25.0.1")) {
            Launch l = curfew(env("JAVA_HOME", jdk.toString(), "FAKE_JAVA_VERSION", version), List.of("run"));
            assertThat(l.out()).as(version).startsWith("fake java ");
        }
    }

    @Test
    void noJavaIsOneLineAndExitCode2() throws Exception {
        Launch none = curfew(env("JAVA_HOME", null, "PATH", tools.toString()), List.of("run"));
        assertThat(none.out()).isEmpty();
        assertThat(none.err()).isEqualTo("curfew: no java found (JAVA_HOME is not set and there is no java on the PATH);"
                + " install a Java 17 (or newer) runtime\n");
        assertThat(none.exit()).isEqualTo(2);

        Path empty = Files.createDirectories(dir.resolve("not a jdk"));
        Launch badHome = curfew(env("JAVA_HOME", empty.toString(), "PATH", jdk.resolve("bin") + File.pathSeparator + tools),
                List.of("run"));
        assertThat(badHome.out()).isEmpty();
        assertThat(badHome.err()).isEqualTo("curfew: JAVA_HOME is " + empty + ", which has no bin/java; set it to a Java"
                + " 17 (or newer) runtime, or unset it to use the java on the PATH\n");
        assertThat(badHome.exit()).isEqualTo(2);
    }

    @Test
    void aSymbolicLinkToTheLauncherFindsTheInstallation() throws Exception {
        Path links = Files.createDirectories(dir.resolve("usr/local/bin"));
        Files.createSymbolicLink(links.resolve("curfew"), Path.of("../../../opt dir/curfew & co $x/bin/curfew"));
        Launch l = run(links.resolve("curfew"), env("JAVA_HOME", jdk.toString()), List.of("--version"));
        assertThat(l.outLines()).contains("[-Dcurfew.home=" + home + "]", "[" + home.resolve("lib/curfew.jar") + "]");
    }

    private Launch curfew(Map<String, String> env, List<String> args) throws IOException, InterruptedException {
        return run(home.resolve("bin/curfew"), env, args);
    }

    /**
     * Runs {@code launcher} from {@code elsewhere} through a script written in UTF-8, so that the arguments reach
     * it byte for byte whatever this JVM's encoding of command lines.
     */
    private Launch run(Path launcher, Map<String, String> env, List<String> args) throws IOException, InterruptedException {
        Path driver = Files.createTempFile(dir, "driver", ".sh");
        String line = "exec " + quoted(launcher.toString()) + " "
                + args.stream().map(PosixLauncherTest::quoted).collect(Collectors.joining(" "));
        Files.writeString(driver, line + "\n", StandardCharsets.UTF_8);
        Map<String, String> all = new HashMap<>(Map.of("PATH", tools.toString()));
        all.put("CURFEW_JAVA_OPTS", null);
        all.putAll(env);
        return Launch.run(List.of("/bin/sh", driver.toString()), elsewhere, all, dir, LIMIT);
    }

    private static String quoted(String arg) {
        return "'" + arg.replace("'", "'\\''") + "'";
    }

    /** Name, value pairs; a null value unsets the variable. */
    private static Map<String, String> env(String... pairs) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }

    private static Path onPath(String command) {
        for (String folder : System.getenv("PATH").split(File.pathSeparator)) {
            Path p = Path.of(folder, command);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        throw new AssertionError(command + " is not on the PATH");
    }
}
