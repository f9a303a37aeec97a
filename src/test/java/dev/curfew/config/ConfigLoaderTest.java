package dev.curfew.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.curfew.policy.ActionType;
import dev.curfew.session.ServerName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    private static CurfewConfig load(String yaml) {
        return ConfigText.load(yaml);
    }

    private static String error(String yaml) {
        return ConfigText.error(yaml);
    }

    @Test
    void shippedConfigLoadsWithTheDesignDefaults() {
        CurfewConfig c = ConfigLoader.load(Path.of("config"));
        assertThat(c.host().backend()).isEqualTo(Backend.AUTO);
        assertThat(c.host().scenario()).isEqualTo(Path.of("config", "demo-scenario.yaml"));
        // The repository's data/ (and an installation's, beside its config/).
        assertThat(c.history().dir().normalize()).isEqualTo(Path.of("data"));
        assertThat(c.sweep().interval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.servers()).isEmpty();
        assertThat(c.policy().idle().limit()).isEqualTo(Duration.ofMinutes(30));
        assertThat(c.policy().idle().warn()).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.policy().idle().action()).isEqualTo(ActionType.DISCONNECT);
        assertThat(c.policy().disconnected().limit()).isEqualTo(Duration.ofHours(8));
        assertThat(c.policy().disconnected().action()).isEqualTo(ActionType.LOGOFF);
        assertThat(c.policy().session().limit()).isNull();
        assertThat(c.policy().closing().at()).isEqualTo("0 0 18 ? * MON-FRI");
        assertThat(c.policy().closing().warn()).containsExactly(Duration.ofMinutes(15), Duration.ofMinutes(5), Duration.ofMinutes(1));
        assertThat(c.policy().closing().holidays().contains(LocalDate.of(2030, 12, 25))).isTrue();
        assertThat(c.policy().protect().console()).isTrue();
    }

    @Test
    void emptyConfigMeansAllDefaults() {
        CurfewConfig c = load("{}");
        assertThat(c.policy().idle().limit()).isEqualTo(Duration.ofMinutes(30));
        assertThat(c.sweep().parallelism()).isEqualTo(8);
        assertThat(c.sweep().actionsPerServer()).isEqualTo(8);
        assertThat(c.sweep().actionsInFlight()).isEqualTo(256);
        assertThat(c.history().dir()).isEqualTo(Path.of("conf", "data"));
        assertThat(c.history().url()).isNull();
    }

    @Test
    void relativePathsResolveAgainstTheConfigFolderAndAbsoluteOnesStay(@TempDir Path dir) throws IOException {
        Path elsewhere = dir.resolve("var").toAbsolutePath();
        Path install = Files.createDirectories(dir.resolve("opt/curfew/config"));
        Files.writeString(install.resolve("curfew.yaml"), "host: { scenario: ../days/demo.yaml, journal: j.tsv }\n"
                + "history: { dir: \"" + elsewhere + "\" }\n");
        CurfewConfig c = ConfigLoader.load(install);
        assertThat(c.host().scenario()).isEqualTo(dir.resolve("opt/curfew/days/demo.yaml"));
        assertThat(c.host().journal()).isEqualTo(install.resolve("j.tsv"));
        assertThat(c.history().dir()).isEqualTo(elsewhere);

        Files.writeString(install.resolve("curfew.yaml"), "history: { dir: ../data }\n");
        assertThat(ConfigLoader.load(install).history().dir()).as("normalized, as the log shows it")
                .isEqualTo(dir.resolve("opt/curfew/data"));
    }

    @Test
    void valuesAreRead() {
        CurfewConfig c = load("""
                host: { backend: sim, scenario: day.yaml }
                servers:
                  - ms01.school.local
                  - { name: ms02, interval: 30s }
                sweep: { interval: 2m, parallelism: 32, actionsPerServer: 4, actionsInFlight: 100 }
                policy:
                  zone: Europe/Berlin
                  idle: { limit: 1h30m, action: logoff }
                  session: { limit: 10h }
                  closing: { at: off, holidays: [2026-12-24, --01-01] }
                  exempt: { users: [admin*], clients: [LAB-*] }
                """);
        assertThat(c.host().backend()).isEqualTo(Backend.SIM);
        assertThat(c.host().scenario()).isEqualTo(Path.of("conf", "day.yaml"));
        assertThat(c.servers()).containsExactly(new ServerConfig(ServerName.of("ms01.school.local"), Duration.ofMinutes(2)),
                new ServerConfig(ServerName.of("ms02"), Duration.ofSeconds(30)));
        assertThat(c.sweep().parallelism()).isEqualTo(32);
        assertThat(c.sweep().actionsPerServer()).isEqualTo(4);
        assertThat(c.sweep().actionsInFlight()).isEqualTo(100);
        assertThat(c.policy().zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(c.policy().idle().limit()).isEqualTo(Duration.ofMinutes(90));
        assertThat(c.policy().idle().action()).isEqualTo(ActionType.LOGOFF);
        assertThat(c.policy().session().limit()).isEqualTo(Duration.ofHours(10));
        assertThat(c.policy().closing().at()).isNull();
        assertThat(c.policy().closing().holidays().contains(LocalDate.of(2026, 12, 24))).isTrue();
        assertThat(c.policy().closing().holidays().contains(LocalDate.of(2027, 12, 24))).isFalse();
        assertThat(c.policy().closing().holidays().contains(LocalDate.of(2031, 1, 1))).isTrue();
        assertThat(c.policy().exempt().matches("Admin2", "", "")).isTrue();
        assertThat(c.policy().exempt().matches("bob", "lab-07", "")).isTrue();
        assertThat(c.policy().exempt().matches("bob", "PC-07", "")).isFalse();
    }

    @Test
    void durationWrittenInWordsNamesFileLineKeyAndForm() {
        assertThat(error("""
                policy:
                  idle:
                    limit: 30 minutes
                """)).isEqualTo("test.yaml:3: policy.idle.limit: \"30 minutes\" is not a duration "
                + "(use 30s, 30m, 2h, 1h30m, 1d or off)");
    }

    @Test
    void unknownKeyIsNamedWithTheClosestKnownOne() {
        assertThat(error("""
                policy:
                  idle:
                    limt: 30m
                """)).isEqualTo("test.yaml:3: policy.idle.limt: unknown key (did you mean limit?)");
    }

    @Test
    void unknownTopLevelKey() {
        assertThat(error("polcy: {}\n")).isEqualTo("test.yaml:1: polcy: unknown key (did you mean policy?)");
    }

    @Test
    void unknownKeyFarFromAnyIsNamedWithTheKnownOnes() {
        assertThat(error("sweep:\n  interval: 1m\n  fleet: 3\n")).isEqualTo(
                "test.yaml:3: sweep.fleet: unknown key (known here: actionsInFlight, actionsPerServer, interval, parallelism, questionsInFlight)");
        assertThat(error("file: other.yaml\n")).isEqualTo("test.yaml:1: file: unknown key (known here: directory, history, host, http, "
                + "log, node, policy, report, schedule, servers, sweep)");
    }

    @Test
    void badBackend() {
        assertThat(error("host: { backend: rdp }\n"))
                .isEqualTo("test.yaml:1: host.backend: \"rdp\" is not a backend (use auto, wts or sim)");
    }

    @Test
    void badCronNamesTheForm() {
        assertThat(error("policy:\n  closing:\n    at: \"0 0 25 * * ?\"\n"))
                .startsWith("test.yaml:3: policy.closing.at: \"0 0 25 * * ?\" is not a Quartz cron expression (")
                .endsWith("like \"0 0 18 ? * MON-FRI\", or off)");
    }

    @Test
    void badHoliday() {
        assertThat(error("policy:\n  closing:\n    holidays: [christmas]\n")).isEqualTo(
                "test.yaml:3: policy.closing.holidays[0]: \"christmas\" is not a holiday (use 2026-12-24 for one day, --12-25 for every year)");
    }

    @Test
    void zeroIntervalIsRefused() {
        assertThat(error("sweep: { interval: 0 }\n"))
                .isEqualTo("test.yaml:1: sweep.interval: \"0\" must be a positive duration (use 30s, 1m, 5m)");
    }

    @Test
    void parallelismOutOfRange() {
        assertThat(error("sweep: { parallelism: 0 }\n"))
                .isEqualTo("test.yaml:1: sweep.parallelism: 0 is out of range (1 to 1024)");
    }

    @Test
    void actionsPerServerOutOfRange() {
        assertThat(error("sweep: { actionsPerServer: 0 }\n"))
                .isEqualTo("test.yaml:1: sweep.actionsPerServer: 0 is out of range (1 to 1024)");
    }

    @Test
    void actionsInFlightIsAWholeNumber() {
        assertThat(error("sweep:\n  actionsInFlight: lots\n"))
                .isEqualTo("test.yaml:2: sweep.actionsInFlight: \"lots\" is not a whole number");
    }

    @Test
    void moreActionsPerServerThanInFlightIsRefused() {
        assertThat(error("sweep: { actionsPerServer: 16, actionsInFlight: 10 }\n"))
                .isEqualTo("test.yaml:1: sweep.actionsPerServer: 16 is more than sweep.actionsInFlight (10), the "
                        + "calls to all servers together (use at most 10)");
    }

    @Test
    void aSmallActionsInFlightLowersTheDefaultPerServer() {
        CurfewConfig c = load("sweep: { actionsInFlight: 3 }");
        assertThat(c.sweep().actionsPerServer()).isEqualTo(3);
    }

    @Test
    void serverListedTwice() {
        assertThat(error("servers: [ms01, MS01]\n")).isEqualTo("test.yaml:1: servers[1]: server \"MS01\" is listed twice");
    }

    @Test
    void badServerName() {
        assertThat(error("servers: [\"ms 01\"]\n")).isEqualTo("test.yaml:1: servers[0]: \"ms 01\" is not a server name "
                + "(use a host name like ms01.school.local, a NetBIOS name or an IP address)");
    }

    @Test
    void disconnectedSessionsCanOnlyBeLoggedOff() {
        assertThat(error("policy: { disconnected: { action: disconnect } }\n")).isEqualTo(
                "test.yaml:1: policy.disconnected.action: \"disconnect\" cannot end a disconnected session (use logoff)");
    }

    @Test
    void badZone() {
        assertThat(error("policy: { zone: Mars/Olympus }\n")).isEqualTo(
                "test.yaml:1: policy.zone: Unknown time-zone ID: Mars/Olympus");
    }

    @Test
    void unsupportedDatabaseUrl() {
        assertThat(error("history: { url: \"jdbc:mysql://x/y\" }\n")).isEqualTo("test.yaml:1: history.url: "
                + "\"jdbc:mysql://x/y\" is not a supported database URL (use jdbc:h2:... or jdbc:postgresql://host/db)");
    }

    @Test
    void yamlSyntaxErrorNamesLineAndColumn() {
        assertThat(error("policy:\n  idle: [30m\n")).startsWith("test.yaml:3:1: not valid YAML: ");
    }

    @Test
    void missingFileIsNamed(@TempDir Path dir) {
        assertThatThrownBy(() -> ConfigLoader.load(dir))
                .isInstanceOf(ConfigException.class)
                .hasMessage(dir.resolve("curfew.yaml") + ": file not found");
    }

    @Test
    void readsTheFileFromItsFolder(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("curfew.yaml"), "sweep: { interval: 5m }\n");
        CurfewConfig c = ConfigLoader.load(dir);
        assertThat(c.sweep().interval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.file()).isEqualTo(dir.resolve("curfew.yaml"));
        assertThat(c.host().scenario()).isEqualTo(dir.resolve("demo-scenario.yaml"));
    }

    @Test
    void aKeyWithNoValueTakesItsDefaultAndOffIsNone() {
        CurfewConfig c = load("""
                policy:
                  idle:
                    limit:
                    warn: off
                  disconnected:
                  closing: { at: off }
                """);
        assertThat(c.policy().idle().limit()).isEqualTo(Duration.ofMinutes(30));
        assertThat(c.policy().idle().warn()).isNull();
        assertThat(c.policy().idle().warnSeconds()).isEqualTo(-1);
        assertThat(c.policy().disconnected().limit()).isEqualTo(Duration.ofHours(8));
        assertThat(c.policy().closing().at()).isNull();
        assertThat(c.policy().closing().warn()).containsExactly(Duration.ofMinutes(15), Duration.ofMinutes(5),
                Duration.ofMinutes(1));
    }

    @Test
    void aClosingWarningMustBePositive() {
        assertThat(error("policy:\n  closing:\n    warn:\n      - 15m\n      - 0\n")).isEqualTo(
                "test.yaml:5: policy.closing.warn[1]: \"0\" must be a positive duration (use 30s, 1m, 5m)");
    }

    @Test
    void aServerWithoutANameAndAWrongShapeAreNamed() {
        assertThat(error("servers:\n  - ms01\n  - { interval: 30s }\n"))
                .isEqualTo("test.yaml:3: servers[1].name: every server needs a name");
        assertThat(error("policy:\n  idle: 30m\n")).isEqualTo("test.yaml:2: policy.idle: must be a mapping of keys to values");
        assertThat(error("policy:\n  exempt:\n    users: { a: b }\n"))
                .isEqualTo("test.yaml:3: policy.exempt.users[0]: must be a single value, not a mapping");
    }

    @Test
    void aKeyWrittenTwiceIsNamed() {
        assertThat(error("sweep:\n  interval: 1m\n  interval: 2m\n")).startsWith("test.yaml:3:");
    }

    @Test
    void durationsRoundTrip() {
        for (String text : List.of("30s", "30m", "2h", "1h30m", "1d", "1d2h3m4s", "500ms")) {
            assertThat(Durations.format(Durations.parse(text))).isEqualTo(text);
        }
        assertThat(Durations.parse("off")).isNull();
        assertThatThrownBy(() -> Durations.parse("2 hours")).hasMessage(
                "\"2 hours\" is not a duration (use 30s, 30m, 2h, 1h30m, 1d or off)");
        assertThatThrownBy(() -> Durations.parse("")).isInstanceOf(IllegalArgumentException.class);
    }
}
