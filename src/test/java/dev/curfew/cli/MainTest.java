package dev.curfew.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a user meets it: exit codes, one-line errors, output formats. */
class MainTest {
    @TempDir
    Path dir;

    String out;
    String err;

    @BeforeEach
    void writeConfig() throws IOException {
        dev.curfew.ShippedConfig.copyTo(dir, "1m");
    }

    int run(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = Main.run(new PrintWriter(o, true), new PrintWriter(e, true), args);
        out = o.toString();
        err = e.toString();
        return code;
    }

    int runWithConfig(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--config";
        all[1] = dir.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return run(all);
    }

    @Test
    void versionAndHelp() {
        assertThat(run("--version")).isZero();
        assertThat(out).startsWith("curfew ");
        assertThat(run("--help")).isZero();
        assertThat(out).contains("run", "sessions", "history", "Exit codes: 0 done, 1 some targets failed");
        assertThat(out).as("the benchmarks are the build's, not curfew's").doesNotContain("bench");
        for (String command : List.of("run", "sessions", "history")) {
            assertThat(run(command, "--help")).isZero();
            assertThat(out).startsWith("Usage: curfew " + command);
        }
    }

    @Test
    void unknownOptionIsBadUsage() {
        assertThat(run("sessions", "--colour")).isEqualTo(2);
        assertThat(err).isEqualTo("curfew: Unknown option: '--colour'" + System.lineSeparator());
    }

    @Test
    void badConfigIsOneLineAndExitTwo() throws IOException {
        Files.writeString(dir.resolve("curfew.yaml"), "policy:\n  idle:\n    limit: 30 minutes\n");
        assertThat(runWithConfig("run")).isEqualTo(2);
        assertThat(err).isEqualTo("curfew: " + dir.resolve("curfew.yaml") + ":3: policy.idle.limit: "
                + "\"30 minutes\" is not a duration (use 30s, 30m, 2h, 1h30m, 1d or off)" + System.lineSeparator());
    }

    @Test
    void missingRulesFolderIsOneLineAndExitTwo() {
        assertThat(runWithConfig("--rules", dir.resolve("nope").toString(), "run")).isEqualTo(2);
        assertThat(err.strip()).isEqualTo("curfew: " + dir.resolve("nope") + ": rules folder not found (give it with --rules DIR)");
        assertThat(err.lines()).hasSize(1);
    }

    @Test
    void badBackendOption() {
        assertThat(runWithConfig("--backend", "rdp", "sessions")).isEqualTo(2);
        assertThat(err.strip()).isEqualTo("curfew: --backend: \"rdp\" is not a backend (use auto, wts or sim)");
    }

    @Test
    void sessionsAsJsonHaveTheDesignFields() throws IOException {
        assertThat(runWithConfig("sessions", "--server", "ms01.school.local", "--format", "json")).isZero();
        List<JsonNode> rows = out.lines().map(MainTest::json).toList();
        assertThat(rows).hasSize(8);
        JsonNode alice = rows.stream().filter(r -> r.get("user").asText().equals("alice")).findFirst().orElseThrow();
        assertThat(alice.get("server").asText()).isEqualTo("ms01.school.local");
        assertThat(alice.get("sessionId").asInt()).isEqualTo(2);
        assertThat(alice.get("state").asText()).isEqualTo("Active");
        assertThat(alice.get("domain").asText()).isEqualTo("SCHOOL");
        assertThat(alice.get("station").asText()).isEqualTo("RDP-Tcp#4");
        assertThat(alice.get("client").asText()).isEqualTo("PC-07");
        assertThat(alice.get("idleSeconds").asLong()).isBetween(29 * 60 + 20L, 29 * 60 + 30L);
        JsonNode listener = rows.stream().filter(r -> r.get("sessionId").asInt() == 65536).findFirst().orElseThrow();
        assertThat(listener.get("state").asText()).isEqualTo("Listen");
        assertThat(listener.get("idleSeconds").isNull()).isTrue();
        assertThat(listener.get("protected").asText()).isEqualTo("listener");
    }

    @Test
    void sessionsTableAndCsv() {
        assertThat(runWithConfig("sessions")).isZero();
        assertThat(out.lines().findFirst().orElseThrow()).startsWith("SERVER").contains("STATE", "USER", "IDLE");
        assertThat(out).contains("SCHOOL\\alice").contains("ms02.school.local");
        assertThat(runWithConfig("sessions", "--format", "csv")).isZero();
        assertThat(out.lines().findFirst().orElseThrow())
                .isEqualTo("server,sessionId,state,user,domain,station,client,clientAddress,idleSeconds,logonTime,protected");
    }

    @Test
    void unknownServerFailsWithExitOneAndNamesIt() {
        assertThat(runWithConfig("sessions", "--server", "ms01.school.local", "--server", "ms77")).isEqualTo(1);
        assertThat(err.strip()).startsWith("curfew: ms77: no such server in the scenario");
        assertThat(out).contains("alice");
    }

    @Test
    void badServerNameIsBadUsage() {
        assertThat(runWithConfig("sessions", "--server", "ms 01")).isEqualTo(2);
        assertThat(err.strip()).startsWith("curfew: --server: \"ms 01\" is not a server name");
    }

    @Test
    void historyOfAFreshDatabaseIsJustTheHeader() {
        assertThat(runWithConfig("history")).isZero();
        assertThat(out.strip()).isEqualTo("TIME  SERVER  ID  USER  ACTION  RULE  REASON  OUTCOME");
        assertThat(dir.resolve("data")).isDirectory();
    }

    @Test
    void historyRejectsABadTime() {
        assertThat(runWithConfig("history", "--since", "last tuesday")).isEqualTo(2);
        assertThat(err.strip()).isEqualTo("curfew: --since: \"last tuesday\" is not a time (use 7d or 12h for that "
                + "long ago, 2026-11-23, 2026-11-23T08:00, or 2026-11-23T08:00+01:00)");
    }

    @Test
    void historyRejectsABadAction() {
        assertThat(runWithConfig("history", "--action", "reboot")).isEqualTo(2);
        assertThat(err.strip()).isEqualTo("curfew: --action: \"reboot\" is not an action (use warn, disconnect or logoff)");
    }

    private static JsonNode json(String line) {
        try {
            return new ObjectMapper().readTree(line);
        } catch (IOException e) {
            throw new AssertionError(line, e);
        }
    }
}
