package dev.curfew.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportCommandTest {
    @TempDir
    Path dir;

    CliHistory cli;

    @BeforeEach
    void fill() throws IOException {
        cli = new CliHistory(dir, "");
        cli.fillH2();
    }

    @Test
    void tableSumsUpThePeriod() {
        var run = cli.run("report", "--since", "2026-11-23", "--until", "2026-11-24");

        assertThat(run.err()).isEmpty();
        assertThat(run.out()).isEqualTo("""
                curfew report 2026-11-23 00:00 to 2026-11-24 00:00 (Europe/Berlin): 3 actions, 1 failed or unknown, \
                1 come-backs within 10m

                PER DAY
                DAY         ACTIONS  WARNINGS  DISCONNECTS  LOGOFFS  FAILED
                2026-11-23  3        1         1            1        1

                PER SERVER
                SERVER  ACTIONS  WARNINGS  DISCONNECTS  LOGOFFS  FAILED
                ms01    2        1         1            0        0
                ms02    1        0         0            1        1

                PER RULE
                RULE                ACTIONS  WARNINGS  DISCONNECTS  LOGOFFS  FAILED
                idle limit          2        1         1            0        0
                disconnected limit  1        0         0            1        1

                TOP USERS
                USER   ACTIONS  WARNINGS  DISCONNECTS  LOGOFFS  FAILED
                alice  2        1         1            0        0
                bob    1        0         0            1        1

                COME-BACKS
                TIME              SERVER  ID  USER   ACTION      RULE        BACK AFTER
                2026-11-23 09:02  ms01    2   alice  disconnect  idle limit  3m

                FAILURES
                TIME              SERVER  ID  USER  ACTION  RULE                OUTCOME
                2026-11-23 09:02  ms02    3   bob   logoff  disconnected limit  failed: no session 3 (ERROR_FILE_NOT_FOUND, 2)
                """);
        assertThat(run.exit()).isZero();
    }

    @Test
    void csvIsOneFlatTableWithAHeader() throws IOException {
        var run = cli.run("report", "--since", "2026-11-23", "--until", "2026-11-24", "--format", "csv");

        List<CSVRecord> records = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(run.out())).getRecords();
        assertThat(records).extracting(r -> r.get("section") + ":" + r.get("key") + ":" + r.get("actions"))
                .containsExactly("day:2026-11-23:3", "server:ms01:2", "server:ms02:1", "rule:idle limit:2",
                        "rule:disconnected limit:1", "user:alice:2", "user:bob:1", "comeback:alice:", "failure:bob:");
        CSVRecord comeback = records.get(7);
        assertThat(comeback.get("at")).isEqualTo("2026-11-23T09:02:00+01:00");
        assertThat(comeback.get("detail")).isEqualTo("connected again at 2026-11-23T09:05:00+01:00, after 3m");
        assertThat(records.get(8).get("detail")).isEqualTo("no session 3 (ERROR_FILE_NOT_FOUND, 2)");
    }

    @Test
    void htmlIsOneSelfContainedFileWithChartsAndTables() throws IOException {
        Path file = dir.resolve("report.html");
        var run = cli.run("report", "--since", "2026-11-23", "--until", "2026-11-24", "--format", "html", "-o",
                file.toString());

        assertThat(run.err()).isEqualTo("curfew: report of 3 actions written to " + file + System.lineSeparator());
        String html = Files.readString(file);
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<h2>Actions per day</h2>", "<h2>Come-backs</h2>",
                "<td>disconnected limit</td>", "disconnected limit</td><td>failed</td><td>no session 3");
        assertThat(html.split("<img src=\"data:image/png;base64,", -1)).hasSize(4);
        assertThat(html).doesNotContainIgnoringCase("<script").doesNotContainIgnoringCase("http:")
                .doesNotContainIgnoringCase("https:").doesNotContainIgnoringCase("url(").doesNotContain("<link");
    }

    @Test
    void reportsWorkOnAnEmptyHistory() throws IOException {
        var run = cli.run("report", "--since", "2020-01-01", "--until", "2020-02-01", "--format", "html", "-o",
                dir.resolve("empty.html").toString());

        assertThat(run.exit()).isZero();
        assertThat(Files.readString(dir.resolve("empty.html"))).contains("<p class=\"none\">None.</p>");
    }

    @Test
    void aBadOptionValueIsOneLine() {
        var run = cli.run("report", "--top", "abc");

        assertThat(run.err()).isEqualTo("curfew: Invalid value for option '--top': 'abc' is not an int"
                + System.lineSeparator());
        assertThat(run.exit()).isEqualTo(2);
    }

    @Test
    void untilBeforeSinceIsABadUsage() {
        var run = cli.run("report", "--since", "2026-11-24", "--until", "2026-11-23");

        assertThat(run.err()).isEqualTo("curfew: --until: 2026-11-22T23:00:00Z is not after --since"
                + " 2026-11-23T23:00:00Z" + System.lineSeparator());
        assertThat(run.exit()).isEqualTo(2);
    }
}
