package dev.curfew.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The benchmarks' history options: a wrong value is one line and exit code 2, before anything runs. */
class BenchCommandTest {

    @Test
    void aHistoryUrlThatIsNotPostgresqlIsRefused() {
        Cli cli = Cli.run("--only", "storm", "--out", "-", "--history-url", "jdbc:mysql://db/bench");

        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.out()).isEmpty();
        assertThat(cli.err()).isEqualTo("bench: --history-url: \"jdbc:mysql://db/bench\" is not a PostgreSQL JDBC URL"
                + " (use jdbc:postgresql://host[:port]/database)\n");
    }

    @Test
    void aDatabaseNotNamedBenchIsRefusedBeforeConnecting() {
        Cli cli = Cli.run("--only", "storm", "--out", "-", "--history-url", "jdbc:postgresql://localhost:1/curfew");

        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.err()).isEqualTo("bench: --history-url: database \"curfew\" is not a benchmark database: the storm"
                + " empties the tables of the database it writes to, so it writes only to one whose name contains"
                + " \"bench\"\n");
    }

    @Test
    void aDatabaseThatCannotBeReachedIsOneLineNamingIt() {
        Cli cli = Cli.run("--only", "storm", "--out", "-", "--history-url", "jdbc:postgresql://localhost:1/bench",
                "--history-user", "curfew");

        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.err()).startsWith("bench: --history-url: cannot connect to PostgreSQL localhost:1/bench as curfew: ")
                .hasLineCount(1);
    }

    @Test
    void anAccountWithoutAUrlIsRefused() {
        Cli cli = Cli.run("--only", "storm", "--out", "-", "--history-user", "curfew");

        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.err()).isEqualTo("bench: --history-user and --history-password need --history-url\n");
    }

    @Test
    void theDocShowsTheMavenCommandWithTheArgumentsAndNoPassword() {
        BenchCommand command = new BenchCommand();
        picocli.CommandLine cli = new picocli.CommandLine(command);
        cli.parseArgs("--only", "rules", "--history-password", "secret");

        assertThat(command.commandLine()).isEqualTo(
                "./mvnw -B -Pbench verify -Dbench.args=\"--only rules --history-password ...\"");
    }

    record Cli(int exitCode, String out, String err) {
        static Cli run(String... args) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = BenchCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
            return new Cli(code, out.toString(), err.toString());
        }
    }
}
