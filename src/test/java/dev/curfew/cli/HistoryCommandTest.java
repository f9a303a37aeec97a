package dev.curfew.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryCommandTest {
    @TempDir
    Path dir;

    CliHistory cli;

    @BeforeEach
    void fill() throws IOException {
        cli = new CliHistory(dir, "");
        cli.fillH2();
    }

    @Test
    void tableListsTheActionsOldestFirstInTheConfiguredZone() {
        var run = cli.run("history", "--since", "2026-11-23", "--until", "2026-11-24");

        assertThat(run.err()).isEmpty();
        assertThat(run.out()).isEqualTo("""
                TIME                 SERVER  ID  USER   ACTION      RULE                REASON                        OUTCOME
                2026-11-23 09:00:00  ms01    2   alice  warn        idle limit          idle 28m                      done
                2026-11-23 09:02:00  ms01    2   alice  disconnect  idle limit          idle 30m                      done
                2026-11-23 09:02:05  ms02    3   bob    logoff      disconnected limit  disconnected 8h, "overnight"  failed: no session 3 (ERROR_FILE_NOT_FOUND, 2)
                """);
        assertThat(run.exit()).isZero();
    }

    @Test
    void everyFilterNarrowsTheList() {
        assertThat(lines(cli.run("history", "--server", "MS01", "--action", "disconnect", "--format", "json")))
                .singleElement().asString().contains("\"user\":\"alice\"", "\"action\":\"disconnect\"");
        assertThat(lines(cli.run("history", "--user", "bob", "--rule", "disconnected limit", "--outcome", "failed",
                "--format", "json"))).singleElement().asString().contains("\"sessionId\":3");
        assertThat(lines(cli.run("history", "--since", "1d", "--until", "2026-11-30", "--limit", "1", "--format", "json"))).isEmpty();
        assertThat(lines(cli.run("history", "--since", "2026-11-23T09:01", "--limit", "1", "--format", "json")))
                .singleElement().asString().contains("\"user\":\"bob\"");
    }

    @Test
    void anInjectedFilterValueMatchesNothingAndBreaksNothing() {
        for (String option : List.of("--server", "--user", "--rule")) {
            var run = cli.run("history", option, "x' OR '1'='1", "--format", "json");
            assertThat(run.out()).as(option).isEmpty();
            assertThat(run.exit()).as(option).isZero();
        }
        assertThat(lines(cli.run("history", "--format", "json"))).hasSize(3);
    }

    @Test
    void csvHasAHeaderIsoTimesAndRfc4180Quoting() throws IOException {
        var run = cli.run("history", "--format", "csv");

        List<CSVRecord> records = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(run.out())).getRecords();
        assertThat(run.out()).startsWith("at,server,sessionId,user,domain,client,station,action,rule,reason,source,"
                + "whatIf,idleSeconds,outcome,error,finishedAt,node,profile\r\n");
        assertThat(records).hasSize(3);
        CSVRecord bob = records.get(2);
        assertThat(bob.get("at")).isEqualTo("2026-11-23T09:02:05+01:00");
        assertThat(bob.get("reason")).isEqualTo("disconnected 8h, \"overnight\"");
        assertThat(bob.get("error")).isEqualTo("no session 3 (ERROR_FILE_NOT_FOUND, 2)");
        assertThat(bob.get("finishedAt")).isEqualTo("2026-11-23T09:02:05+01:00");
        assertThat(run.out()).contains(",\"disconnected 8h, \"\"overnight\"\"\",");
    }

    @Test
    void aWrongOutcomeIsABadUsageNamingTheOption() {
        var run = cli.run("history", "--outcome", "finished");

        assertThat(run.err()).isEqualTo("curfew: --outcome: \"finished\" is not an outcome (use pending, done, failed,"
                + " skipped, unknown or postponed)" + System.lineSeparator());
        assertThat(run.exit()).isEqualTo(2);
    }

    @Test
    void aWrongTimeIsABadUsageNamingTheOption() {
        var run = cli.run("history", "--since", "yesterday");

        assertThat(run.err()).isEqualTo("curfew: --since: \"yesterday\" is not a time (use 7d or 12h for that long ago,"
                + " 2026-11-23, 2026-11-23T08:00, or 2026-11-23T08:00+01:00)" + System.lineSeparator());
        assertThat(run.exit()).isEqualTo(2);
    }

    @Test
    void aBadOptionValueIsOneLine() {
        var format = cli.run("history", "--format", "xml");
        var limit = cli.run("history", "--limit", "abc");

        assertThat(format.err()).isEqualTo("curfew: Invalid value for option '--format': expected one of [TABLE, JSON, CSV]"
                + " (case-insensitive) but was 'xml'" + System.lineSeparator());
        assertThat(format.exit()).isEqualTo(2);
        assertThat(limit.err()).isEqualTo("curfew: Invalid value for option '--limit': 'abc' is not an int"
                + System.lineSeparator());
        assertThat(limit.exit()).isEqualTo(2);
    }

    static List<String> lines(CliHistory.Run run) {
        assertThat(run.err()).isEmpty();
        return run.out().lines().toList();
    }
}
