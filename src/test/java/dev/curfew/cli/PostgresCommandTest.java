package dev.curfew.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curfew.history.HistoryStore;
import dev.curfew.history.PostgresExtension;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The commands with {@code history.url} pointing at a real PostgreSQL server. */
class PostgresCommandTest {
    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    @TempDir
    Path dir;

    @Test
    void historyAndReportReadAPostgresHistory() throws IOException {
        CliHistory.fill(new HistoryStore(POSTGRES.dataSource(), "node1"));
        CliHistory cli = new CliHistory(dir, "  url: " + POSTGRES.jdbcUrl() + "\n  user: postgres\n");

        var history = cli.run("history", "--user", "alice", "--format", "csv");
        assertThat(history.err()).isEmpty();
        assertThat(history.out().lines()).hasSize(3).element(2).asString()
                .startsWith("2026-11-23T09:02:00+01:00,ms01,2,alice,SCHOOL,PC-2,RDP-Tcp#2,disconnect,idle limit,idle 30m,");
        assertThat(cli.run("history", "--user", "x' OR '1'='1").out().lines()).hasSize(1);

        var report = cli.run("report", "--since", "2026-11-23", "--until", "2026-11-24");
        assertThat(report.err()).isEmpty();
        assertThat(report.out()).startsWith("curfew report 2026-11-23 00:00 to 2026-11-24 00:00 (Europe/Berlin): 3 actions,"
                + " 1 failed or unknown, 1 come-backs within 10m\n");
    }
}
