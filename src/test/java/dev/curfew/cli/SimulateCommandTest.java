package dev.curfew.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code curfew simulate}: its output formats and its one-line errors with exit code 2. */
class SimulateCommandTest {
    static final String CONFIG = "src/test/resources/config";
    static final String SCENARIOS = "src/test/resources/scenarios/";

    static Cli simulate(String... more) {
        String[] args = new String[4 + more.length];
        args[0] = "--config";
        args[1] = CONFIG;
        args[2] = "--rules";
        args[3] = "rules";
        System.arraycopy(more, 0, args, 4, more.length);
        return Cli.run(args);
    }

    @Test
    void jsonlPrintsOneObjectPerActionWithTheFieldsScriptsNeed() throws Exception {
        Cli cli = simulate("simulate", "--scenario", SCENARIOS + "limits.yaml", "--format", "jsonl");
        assertThat(cli.err()).isEmpty();
        assertThat(cli.exitCode()).isZero();
        List<String> lines = cli.out().lines().toList();
        assertThat(lines).hasSize(1);
        JsonNode action = new ObjectMapper().readTree(lines.get(0));
        assertThat(action.get("at").asText()).isEqualTo("2026-11-23T08:30:00+01:00");
        assertThat(action.get("server").asText()).isEqualTo("ms01");
        assertThat(action.get("session").asInt()).isEqualTo(2);
        assertThat(action.get("user").asText()).isEqualTo("alice");
        assertThat(action.get("action").asText()).isEqualTo("logoff");
        assertThat(action.get("rule").asText()).isEqualTo("disconnected limit");
        assertThat(action.get("reason").asText()).isEqualTo("disconnected 8h");
        assertThat(action.get("outcome").asText()).isEqualTo("done");
    }

    @Test
    void scenarioUsersHaveTheirGroupsAndTheOutputNamesEachActionsProfile() {
        Cli cli = Cli.run("--config", "src/test/resources/profiles", "--rules", "rules", "simulate", "--scenario",
                "src/test/resources/profiles/school-day.yaml");
        assertThat(cli.err()).isEmpty();
        assertThat(cli.out()).isEqualTo("""
                TIME                 SERVER  ID  USER     PROFILE   ACTION      RULE        REASON
                2026-11-23 08:10:00  lab01   2   stu      students  disconnect  idle limit  idle 10m
                2026-11-23 08:30:00  lab01   5   guest              disconnect  idle limit  idle 30m
                2026-11-23 09:00:00  lab01   3   teacher  staff     disconnect  idle limit  idle 1h
                3 actions
                """);
        Cli json = Cli.run("--config", "src/test/resources/profiles", "--rules", "rules", "simulate", "--scenario",
                "src/test/resources/profiles/school-day.yaml", "--format", "jsonl");
        assertThat(json.out().lines().toList()).hasSize(3).first().asString().contains("\"profile\":\"students\"");
        assertThat(json.out().lines().toList().get(1)).doesNotContain("profile");
    }

    @Test
    void tableIsTheDefaultFormat() {
        Cli cli = simulate("simulate", "--scenario", SCENARIOS + "limits.yaml", "--step", "30s");
        assertThat(cli.out()).isEqualTo("""
                TIME                 SERVER  ID  USER   ACTION  RULE                REASON
                2026-11-23 08:30:00  ms01    2   alice  logoff  disconnected limit  disconnected 8h
                1 action
                """);
        assertThat(cli.exitCode()).isZero();
    }

    @Test
    void anUnknownEventIsOneLineWithFileAndLine() {
        Cli cli = simulate("simulate", "--scenario", SCENARIOS + "bad/unknown-event.yaml");
        assertThat(cli.err()).isEqualTo("curfew: src/test/resources/scenarios/bad/unknown-event.yaml:10: "
                + "servers[0].sessions[0].events[0].do: unknown event \"nap\" "
                + "(use input, busy, disconnect, reconnect, logoff, start, stop, cpu)\n");
        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.out()).isEmpty();
    }

    @Test
    void aTimeOutsideTheScenarioIsOneLineWithFileAndLine() {
        Cli cli = simulate("simulate", "--scenario", SCENARIOS + "bad/outside.yaml");
        assertThat(cli.err()).isEqualTo("curfew: src/test/resources/scenarios/bad/outside.yaml:11: "
                + "servers[0].sessions[0].events[1].at: \"2026-11-23T09:30:00\" is outside the scenario "
                + "(2026-11-23T08:00:00 to 2026-11-23T09:00:00)\n");
        assertThat(cli.exitCode()).isEqualTo(2);
    }

    @Test
    void aDuplicateSessionIdIsOneLineWithFileAndLine() {
        Cli cli = simulate("simulate", "--scenario", SCENARIOS + "bad/duplicate-id.yaml");
        assertThat(cli.err()).isEqualTo("curfew: src/test/resources/scenarios/bad/duplicate-id.yaml:9: "
                + "servers[0].sessions[2].id: duplicate session id 2 on this server\n");
        assertThat(cli.exitCode()).isEqualTo(2);
    }

    @Test
    void anInvalidCronIsOneLineWithFileAndLine() {
        Cli cli = Cli.run("--config", "src/test/resources/config-bad-cron", "simulate", "--scenario",
                SCENARIOS + "idle.yaml");
        assertThat(cli.err()).isEqualTo("curfew: src/test/resources/config-bad-cron/curfew.yaml:4: "
                + "policy.closing.at: \"0 0 25 ? * MON-FRI\" is not a Quartz cron expression "
                + "(Hour values must be between 0 and 23; use seconds minutes hours day-of-month month day-of-week, "
                + "like \"0 0 18 ? * MON-FRI\", or off)\n");
        assertThat(cli.exitCode()).isEqualTo(2);
    }

    @Test
    void aStepThatIsNotADurationIsABadUsage() {
        Cli cli = simulate("simulate", "--scenario", SCENARIOS + "idle.yaml", "--step", "fast");
        assertThat(cli.err()).isEqualTo("curfew: --step: \"fast\" is not a duration (use 30s, 30m, 2h, 1h30m, 1d or off)\n");
        assertThat(cli.exitCode()).isEqualTo(2);
    }

    @Test
    void aMissingScenarioFileIsNamed() {
        Cli cli = simulate("simulate", "--scenario", SCENARIOS + "nope.yaml");
        assertThat(cli.err()).isEqualTo("curfew: src/test/resources/scenarios/nope.yaml: file not found\n");
        assertThat(cli.exitCode()).isEqualTo(2);
    }
}
