package dev.curfew.release;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Debian's wine, which runs cmd.exe scripts here, and mingw-w64, which builds the stand-in java.exe of
 * {@code src/test/c/fake_java.c}; .ci/run installs both. Wine keeps its Windows folder in
 * {@code target/wine-prefix}, made by the first run (seconds).
 */
final class Wine {
    static final String COMPILER = "x86_64-w64-mingw32-gcc";

    private final Path prefix;

    private Wine(Path prefix) {
        this.prefix = prefix;
    }

    /** Why the tests under wine cannot run on this machine, or empty when they can. */
    static Optional<String> missing() {
        for (String command : List.of("wine", COMPILER)) {
            if (onPath(command).isEmpty()) {
                return Optional.of(command + " is not on the PATH (apt-get install wine wine64 gcc-mingw-w64-x86-64-win32;"
                        + " .ci/run does): bin/curfew.cmd is not run under wine here");
            }
        }
        return Optional.empty();
    }

    /** Wine with its prefix in {@code target/wine-prefix}, made now when it is missing. */
    static Wine start(Path scratch) throws IOException, InterruptedException {
        Wine wine = new Wine(Path.of("target/wine-prefix").toAbsolutePath());
        Launch boot = Launch.run(List.of("wine", "cmd", "/c", "exit 0"), scratch, wine.env(Map.of()), scratch,
                Duration.ofMinutes(5));
        if (boot.exit() != 0) {
            throw new AssertionError("wine did not start (" + boot.exit() + "): " + boot.err());
        }
        return wine;
    }

    /** Builds the stand-in java.exe into {@code jdk\bin}; returns {@code jdk}. */
    static Path buildJava(Path jdk, Path scratch) throws IOException, InterruptedException {
        Path bin = Files.createDirectories(jdk.resolve("bin"));
        Launch cc = Launch.run(List.of(COMPILER, "-municode", "-O1", "-o", bin.resolve("java.exe").toString(),
                Path.of("src/test/c/fake_java.c").toAbsolutePath().toString()), scratch, Map.of(), scratch,
                Duration.ofMinutes(2));
        if (cc.exit() != 0) {
            throw new AssertionError(COMPILER + " failed: " + cc.err());
        }
        return jdk;
    }

    /** Runs {@code Z:\...\script} with {@code cmd /c}, in {@code cwd}, the environment changed by {@code env}. */
    Launch cmd(Path script, Path cwd, Map<String, String> env, Path scratch) throws IOException, InterruptedException {
        return Launch.run(List.of("wine", "cmd", "/c", windowsPath(script)), cwd, env(env), scratch, Duration.ofMinutes(2));
    }

    /** The path wine gives a Linux path: on its drive Z:, which is the Linux root. */
    static String windowsPath(Path path) {
        return "Z:" + path.toAbsolutePath().toString().replace('/', '\\');
    }

    private Map<String, String> env(Map<String, String> changes) {
        Map<String, String> all = new HashMap<>();
        all.put("WINEPREFIX", prefix.toString());
        all.put("WINEDEBUG", "-all");
        // No offer to install Mono or Gecko when the prefix is made: cmd needs neither.
        all.put("WINEDLLOVERRIDES", "mscoree,mshtml=");
        all.put("DISPLAY", null);
        all.putAll(changes);
        return all;
    }

    private static Optional<Path> onPath(String command) {
        for (String folder : System.getenv("PATH").split(File.pathSeparator)) {
            Path p = Path.of(folder, command);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
