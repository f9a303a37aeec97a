package dev.curfew.release;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A finished process of a launcher test: its exit code and its output, read as UTF-8, with line ends
 * made {@code \n} (cmd.exe writes CR LF).
 */
record Launch(int exit, String out, String err) {

    /**
     * Runs {@code command} in {@code cwd} with the environment changed by {@code env} (a null value removes
     * the variable); output goes through files in {@code scratch}, so that nothing the process leaves
     * behind (wine's server) can hold a pipe open.
     */
    static Launch run(List<String> command, Path cwd, Map<String, String> env, Path scratch, Duration limit)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(cwd.toFile());
        env.forEach((name, value) -> {
            if (value == null) {
                builder.environment().remove(name);
            } else {
                builder.environment().put(name, value);
            }
        });
        Path out = Files.createTempFile(scratch, "out", ".txt");
        Path err = Files.createTempFile(scratch, "err", ".txt");
        Process p = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        p.getOutputStream().close();
        if (!p.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("not done within " + limit.toSeconds() + " s: " + command);
        }
        return new Launch(p.exitValue(), read(out), read(err));
    }

    List<String> outLines() {
        return out.lines().toList();
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8).replace("\r\n", "\n");
    }
}
