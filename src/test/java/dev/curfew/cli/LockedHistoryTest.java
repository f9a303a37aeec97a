package dev.curfew.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded H2 history held by another process (as the running daemon holds it): a command
 * says so in one line and names what to do, instead of a failed migration.
 */
class LockedHistoryTest {

    /** Holds a lock on the file named by its argument, as another process's H2 does, until its input ends. */
    public static void main(String[] args) throws Exception {
        try (FileChannel ch = FileChannel.open(Path.of(args[0]), StandardOpenOption.READ, StandardOpenOption.WRITE);
                FileLock lock = ch.lock()) {
            System.out.println(lock.isValid() ? "locked" : "not locked");
            System.out.flush();
            System.in.read();
        }
    }

    @Test
    void aHistoryHeldByAnotherProcessIsNamedInOneLine(@TempDir Path dir) throws Exception {
        CliHistory cli = new CliHistory(dir, "");
        cli.fillH2();
        assertThat(cli.run("history").exit()).isZero();

        Process holder = new ProcessBuilder(List.of(ProcessHandle.current().info().command().orElse("java"), "-cp",
                System.getProperty("java.class.path"), LockedHistoryTest.class.getName(),
                cli.dataDir.resolve("history.mv.db").toString())).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("locked");

            var run = cli.run("history");

            assertThat(run.exit()).isEqualTo(Main.SOME_FAILED);
            assertThat(run.out()).isEmpty();
            assertThat(run.err().lines()).singleElement().asString()
                    .startsWith("curfew: cannot open the history database: The file is locked: ")
                    .contains("history.mv.db", "another process has it open, most likely the running daemon",
                            "stop the daemon first, or share a PostgreSQL database (history.url)");
        } finally {
            holder.getOutputStream().close();
            holder.waitFor();
        }
        // Released: the history is there as it was.
        assertThat(cli.run("history").exit()).isZero();
    }
}
