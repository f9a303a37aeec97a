package dev.curfew.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What the benchmarks ran on, and how busy it was: read from /proc where there is one. */
final class Machine {
    private Machine() {
    }

    /**
     * The runnable jar the build made, which the benchmarks start their daemons and commands from, as
     * the launcher does; the bench profile names it in {@code curfew.jar}.
     */
    static Path jar() {
        Path jar = Path.of(System.getProperty("curfew.jar", "target/curfew.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + ": no such jar (build it first: ./mvnw -B -DskipTests package)");
        }
        return jar;
    }

    /** The options {@code ./curfew} gives java (BenchPartsTest holds them to the script). */
    static final List<String> LAUNCHER_OPTIONS = List.of("-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30",
            "-XX:G1PeriodicGCInterval=10000");

    /** {@code java}, the launcher's options, {@code extra}, then {@code -jar} and the jar: as the launcher runs curfew. */
    static List<String> curfew(List<String> extra) {
        return java(LAUNCHER_OPTIONS, extra);
    }

    /** {@code java}, {@code extra}, then {@code -jar} and the jar, without the launcher's options. */
    static List<String> java(List<String> options, List<String> extra) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(options);
        command.addAll(extra);
        command.addAll(List.of("-jar", jar().toString()));
        return command;
    }

    static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** Total memory in MiB, or -1 when unknown. */
    static long memoryMib() {
        return procField("/proc/meminfo", "MemTotal:") / 1024;
    }

    static String jdk() {
        return System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + " (" + System.getProperty("java.vendor") + ")";
    }

    static String os() {
        return System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch");
    }

    /** The 1, 5 and 15 minute load averages as {@code uptime} prints them, or "unknown". */
    static String load() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + ", " + f[1] + ", " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** This process's resident memory in MiB (VmRSS), or -1 when unknown. */
    static long rssMib() {
        return rssMib(ProcessHandle.current().pid());
    }

    /** The resident memory of process {@code pid} in MiB (VmRSS), or -1 when unknown. */
    static long rssMib(long pid) {
        long kib = procField("/proc/" + pid + "/status", "VmRSS:");
        return kib < 0 ? -1 : kib / 1024;
    }

    private static long procField(String file, String field) {
        try {
            for (String line : Files.readAllLines(Path.of(file))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
