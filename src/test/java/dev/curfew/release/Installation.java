package dev.curfew.release;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A release archive's layout made from the launchers in {@code src/dist/bin}, with an empty
 * {@code lib/curfew.jar}: what the launchers need to be tested with a stand-in for java.
 */
final class Installation {
    private Installation() {
    }

    /** Lays {@code home/bin/curfew}, {@code home/bin/curfew.cmd} and {@code home/lib/curfew.jar}; returns {@code home}. */
    static Path lay(Path home) throws IOException {
        Path bin = Files.createDirectories(home.resolve("bin"));
        Files.createDirectories(home.resolve("lib"));
        Files.createFile(home.resolve("lib/curfew.jar"));
        Files.copy(Path.of("src/dist/bin/curfew.cmd"), bin.resolve("curfew.cmd"));
        executable(Files.copy(Path.of("src/dist/bin/curfew"), bin.resolve("curfew")));
        return home;
    }

    /**
     * A POSIX stand-in for java in {@code jdk/bin}: {@code -version} says {@code FAKE_JAVA_VERSION} (default
     * 17.0.15) on standard error as a JDK does; anything else prints "fake java PATH" and each argument as
     * {@code [ARG]}, and exits with {@code FAKE_JAVA_EXIT}. Returns {@code jdk}.
     */
    static Path posixJava(Path jdk) throws IOException {
        Path bin = Files.createDirectories(jdk.resolve("bin"));
        Files.writeString(bin.resolve("java"), """
                #!/bin/sh
                if [ $# -eq 1 ] && [ "$1" = -version ]; then
                  echo "openjdk version \\"${FAKE_JAVA_VERSION:-17.0.15}\\" 2025-04-15" >&2
                  echo "OpenJDK Runtime Environment (a stand-in for the tests)" >&2
                  exit 0
                fi
                echo "fake java $0"
                for a in "$@"; do printf '[%s]\\n' "$a"; done
                exit "${FAKE_JAVA_EXIT:-0}"
                """, StandardCharsets.UTF_8);
        executable(bin.resolve("java"));
        return jdk;
    }

    static Path executable(Path file) throws IOException {
        return Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
