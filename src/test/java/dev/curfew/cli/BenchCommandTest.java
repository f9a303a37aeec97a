package dev.curfew.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code curfew bench}'s history options: a wrong value is one line and exit code 2, before anything runs. */
class BenchCommandTest {

    @Test
    void aHistoryUrlThatIsNotPostgresqlIsRefused() {
        Cli cli = Cli.run("bench", "--only", "storm", "--out", "-", "--history-url", "jdbc:mysql://db/bench");

        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.out()).isEmpty();
        assertThat(cli.err()).isEqualTo("curfew: --history-url: \"jdbc:mysql://db/bench\" is not a PostgreSQL JDBC URL"
                + " (use jdbc:postgresql://host[:port]/database)\n");
    }

    @Test
    void aDatabaseNotNamedBenchIsRefusedBeforeConnecting() {
        Cli cli = Cli.run("bench", "--only", "storm", "--out", "-", "--history-url", "jdbc:postgresql://localhost:1/curfew");

        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.err()).isEqualTo("curfew: --history-url: database \"curfew\" is not a benchmark database: the storm"
                + " empties the tables of the database it writes to, so it writes only to one whose name contains"
                + " \"bench\"\n");
    }

    @Test
    void aDatabaseThatCannotBeReachedIsOneLineNamingIt() {
        Cli cli = Cli.run("bench", "--only", "storm", "--out", "-", "--history-url", "jdbc:postgresql://localhost:1/bench",
                "--history-user", "curfew");

        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.err()).startsWith("curfew: --history-url: cannot connect to PostgreSQL localhost:1/bench as curfew: ")
                .hasLineCount(1);
    }

    @Test
    void anAccountWithoutAUrlIsRefused() {
        Cli cli = Cli.run("bench", "--only", "storm", "--out", "-", "--history-user", "curfew");

        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.err()).isEqualTo("curfew: --history-user and --history-password need --history-url\n");
    }
}
