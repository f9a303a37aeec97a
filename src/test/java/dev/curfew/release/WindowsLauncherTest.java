package dev.curfew.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin\curfew.cmd}, the Windows launcher of the release archive, run by wine's cmd.exe with a stand-in
 * java.exe (built with mingw-w64) that prints the arguments it gets: which java it picks, what it passes,
 * and the exit code it returns. Skipped, saying why, where wine or mingw-w64 is missing.
 *
 * <p>The command lines are those of a batch file run as {@code cmd /c driver.cmd}, each argument quoted, as a
 * user types them in a console; their values come from environment variables, so that any character gets
 * there whatever the batch file's code page. Percent signs are not among them: wine's cmd expands
 * variables again in what {@code %*} and {@code %VAR%} give, and Windows' cmd does not.
 */
@DisabledOnOs(OS.WINDOWS)
class WindowsLauncherTest {
    // The heap ratios every launcher gives java first (the clone's ./curfew too).
    private static final String HEAP_MIN = "[-XX:MinHeapFreeRatio=10]";
    private static final String HEAP_MAX = "[-XX:MaxHeapFreeRatio=30]";
    private static final String HEAP_PERIODIC = "[-XX:G1PeriodicGCInterval=10000]";
    private static Wine wine;
    private static Path java;

    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    private Path home;

    @BeforeAll
    static void startWine() throws Exception {
        assumeTrue(Wine.missing().isEmpty(), () -> Wine.missing().orElseThrow());
        wine = Wine.start(shared);
        java = Wine.buildJava(shared.resolve("jdk 17"), shared);
    }

    @BeforeEach
    void layAnInstallation() throws IOException {
        home = Installation.lay(dir.resolve("Program Files (x86)/curfew & co"));
    }

    @Test
    void argumentsReachJavaIntactAfterTheInstallationAndTheExitCodeComesBack() throws Exception {
        List<String> args = List.of("run", "a b", "x & y | z < > ^ ( ) ! ;", "--config=C:\\Program Files\\x", "",
                "two  spaces");
        Launch l = curfew(env("JAVA_HOME", Wine.windowsPath(java), "FAKE_JAVA_EXIT", "3"), args);

        List<String> expected = new ArrayList<>(List.of("fake java " + Wine.windowsPath(java.resolve("bin/java.exe")),
                HEAP_MIN, HEAP_MAX, HEAP_PERIODIC, "[-Dcurfew.home=" + Wine.windowsPath(home) + "]", "[-jar]",
                "[" + Wine.windowsPath(home.resolve("lib/curfew.jar")) + "]"));
        args.forEach(a -> expected.add("[" + a + "]"));
        assertThat(l.outLines()).containsExactlyElementsOf(expected);
        assertThat(l.err()).isEmpty();
        assertThat(l.exit()).isEqualTo(3);
    }

    @Test
    void nonAsciiArgumentsReachJavaIntact() throws Exception {
        assumeTrue("UTF-8".equals(System.getProperty("sun.jnu.encoding")),
                "this JVM passes environment variables in " + System.getProperty("sun.jnu.encoding") + ", not UTF-8");
        Launch l = curfew(env("JAVA_HOME", Wine.windowsPath(java)), List.of("--text", "Jürgen, € 5, Ωmega 😀"));
        assertThat(l.outLines()).endsWith("[--text]", "[Jürgen, € 5, Ωmega 😀]");
        assertThat(l.exit()).isZero();
    }

    @Test
    void javaOptionsComeFirst() throws Exception {
        Launch l = curfew(env("JAVA_HOME", Wine.windowsPath(java), "CURFEW_JAVA_OPTS", "-Xmx64m \"-Dx=a b\""),
                List.of("--version"));
        assertThat(l.outLines()).containsExactly("fake java " + Wine.windowsPath(java.resolve("bin/java.exe")),
                HEAP_MIN, HEAP_MAX, HEAP_PERIODIC, "[-Xmx64m]", "[-Dx=a b]",
                "[-Dcurfew.home=" + Wine.windowsPath(home) + "]", "[-jar]",
                "[" + Wine.windowsPath(home.resolve("lib/curfew.jar")) + "]", "[--version]");
    }

    @Test
    void javaHomeComesBeforeThePathAndThePathWithoutIt() throws Exception {
        Path other = Files.createDirectories(dir.resolve("other jdk/bin"));
        Files.copy(java.resolve("bin/java.exe"), other.resolve("java.exe"));

        Launch withHome = curfew(env("JAVA_HOME", Wine.windowsPath(java), "WINEPATH", Wine.windowsPath(other)),
                List.of("--version"));
        assertThat(withHome.outLines().get(0)).isEqualTo("fake java " + Wine.windowsPath(java.resolve("bin/java.exe")));

        Launch withoutHome = curfew(env("JAVA_HOME", null, "WINEPATH", Wine.windowsPath(other)), List.of("--version"));
        assertThat(withoutHome.outLines().get(0)).isEqualTo("fake java " + Wine.windowsPath(other.resolve("java.exe")));
        assertThat(withoutHome.exit()).isZero();
    }

    @Test
    void aJavaOlderThan17IsOneLineAndExitCode2() throws Exception {
        for (String version : List.of("1.8.0_392", "11.0.2", "16")) {
            Launch l = curfew(env("JAVA_HOME", Wine.windowsPath(java), "FAKE_JAVA_VERSION", version), List.of("run"));
            assertThat(l.out()).isEmpty();
            assertThat(l.err()).isEqualTo("curfew: " + Wine.windowsPath(java.resolve("bin/java.exe")) + " is Java "
                    + version + "; curfew needs Java 17 or newer (set JAVA_HOME to one)\n");
            assertThat(l.exit()).isEqualTo(2);
        }
        for (String version : List.of("17", "21-ea", "25.0.1")) {
            Launch l = curfew(env("JAVA_HOME", Wine.windowsPath(java), "FAKE_JAVA_VERSION", version), List.of("run"));
            assertThat(l.out()).as(version).startsWith("fake java ");
        }
    }

    @Test
    void noJavaIsOneLineAndExitCode2() throws Exception {
        Launch none = curfew(env("JAVA_HOME", null), List.of("run"));
        assertThat(none.out()).isEmpty();
        assertThat(none.err()).isEqualTo("curfew: no java found (JAVA_HOME is not set and there is no java.exe on the"
                + " PATH); install a Java 17 (or newer) runtime\n");
        assertThat(none.exit()).isEqualTo(2);

        Path empty = Files.createDirectories(dir.resolve("not a jdk & (x86)"));
        Launch badHome = curfew(env("JAVA_HOME", Wine.windowsPath(empty), "WINEPATH", Wine.windowsPath(java.resolve("bin"))),
                List.of("run"));
        assertThat(badHome.out()).isEmpty();
        assertThat(badHome.err()).isEqualTo("curfew: JAVA_HOME is " + Wine.windowsPath(empty) + ", which has no"
                + " bin\\java.exe; set it to a Java 17 (or newer) runtime, or unset it to use the java.exe on the PATH\n");
        assertThat(badHome.exit()).isEqualTo(2);
    }

    /** Runs {@code bin\curfew.cmd} with {@code args} from another folder, through a batch file (see the class). */
    private Launch curfew(Map<String, String> env, List<String> args) throws IOException, InterruptedException {
        Map<String, String> all = new HashMap<>();
        all.put("JAVA_HOME", null);
        all.put("CURFEW_JAVA_OPTS", null);
        all.put("WINEPATH", null);
        all.putAll(env);
        StringBuilder line = new StringBuilder("\"" + Wine.windowsPath(home.resolve("bin/curfew.cmd")) + "\"");
        for (int i = 0; i < args.size(); i++) {
            all.put("CURFEW_TEST_ARG" + i, args.get(i));
            line.append(" \"%CURFEW_TEST_ARG").append(i).append("%\"");
        }
        Path driver = Files.createTempFile(dir, "driver", ".cmd");
        Files.writeString(driver, "@echo off\r\n" + line + "\r\n", StandardCharsets.US_ASCII);
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        return wine.cmd(driver, elsewhere, all, dir);
    }

    /** Name, value pairs; a null value unsets the variable. */
    private static Map<String, String> env(String... pairs) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }
}
