package dev.curfew.session.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.curfew.config.ConfigException;
import dev.curfew.session.SessionState;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ScenarioReaderTest {
    private static final String DAY = "zone: Europe/Berlin\nstart: 2026-11-23T08:00:00\nend: 2026-11-23T09:00:00\n";

    private static String error(String yaml) {
        try {
            ScenarioReader.read("s.yaml", yaml);
        } catch (ConfigException e) {
            return e.getMessage();
        }
        throw new AssertionError("no error for:\n" + yaml);
    }

    @Test
    void aSessionsDefaultsAndEventsAreRead() {
        Scenario s = ScenarioReader.read("s.yaml", DAY + """
                servers:
                  - name: ms01
                    sessions:
                      - id: 2
                        user: alice
                        console: true
                        events:
                          - { at: 2026-11-23T08:10:00, do: busy, until: 2026-11-23T08:20:00 }
                          - { at: 2026-11-23T08:30:00, do: Disconnect }
                """);
        Scenario.SessionSpec alice = s.servers().get(0).sessions().get(0);
        assertThat(s.start()).isEqualTo(Instant.parse("2026-11-23T07:00:00Z"));
        assertThat(alice.state()).isEqualTo(SessionState.ACTIVE);
        assertThat(alice.logon()).isEqualTo(s.start());
        assertThat(alice.station()).isEmpty();
        assertThat(alice.console()).isTrue();
        assertThat(alice.self()).isFalse();
        assertThat(alice.events()).containsExactly(
                new Scenario.Event(Instant.parse("2026-11-23T07:10:00Z"), Scenario.EventKind.BUSY,
                        Instant.parse("2026-11-23T07:20:00Z")),
                new Scenario.Event(Instant.parse("2026-11-23T07:30:00Z"), Scenario.EventKind.DISCONNECT, null));
    }

    @Test
    void aMissingKeyIsNamedAtTheLineOfItsSection() {
        assertThat(error(DAY + "servers:\n  - name: ms01\n    sessions:\n      - id: 2\n        events:\n"
                + "          - { at: 2026-11-23T08:10:00 }\n")).isEqualTo("s.yaml:9: servers[0].sessions[0].events[0].do: "
                + "every event needs do: (input, busy, disconnect, reconnect, logoff, start, stop, cpu)");
        assertThat(error("start: 2026-11-23T08:00:00\nservers: [ { name: a } ]\n"))
                .isEqualTo("s.yaml:1: end: is required (a local date-time like 2026-11-23T07:30:00)");
        assertThat(error(DAY)).isEqualTo("s.yaml:1: servers: the scenario needs at least one server");
    }

    @Test
    void wrongValuesAndUnknownKeysAreNamed() {
        assertThat(error(DAY + "servers:\n  - name: ms01\n    sessions:\n      - { id: 2, usr: x }\n"))
                .isEqualTo("s.yaml:7: servers[0].sessions[0].usr: unknown key (did you mean user?)");
        assertThat(error(DAY + "servers:\n  - name: ms01\n    sessions:\n      - { id: 2, state: sleepy }\n"))
                .startsWith("s.yaml:7: servers[0].sessions[0].state: \"sleepy\" is not a session state (use Active, ");
        assertThat(error(DAY + "servers:\n  - name: ms01\n    sessions:\n      - id: 2\n        events:\n"
                + "          - { at: 2026-11-23T08:10:00, do: busy }\n"))
                .isEqualTo("s.yaml:9: servers[0].sessions[0].events[0].until: busy needs until: (a date-time)");
        assertThat(error("start: 8am\n")).isEqualTo("s.yaml:1: start: \"8am\" is not a local date-time (use 2026-11-23T07:30:00)");
    }

    @Test
    void programsCpuUseAndAnswersAreReadAndTheirMistakesNamed() {
        String session = DAY + "servers:\n  - name: ms01\n    sessions:\n      - id: 2\n";
        Scenario s = ScenarioReader.read("s.yaml", session + "        programs: [explorer.exe]\n"
                + "        answers: [yes, No, timeout]\n        events:\n"
                + "          - { at: 2026-11-23T08:10:00, do: start, program: Teams.exe }\n"
                + "          - { at: 2026-11-23T08:20:00, do: cpu, until: 2026-11-23T08:30:00, rate: 30s }\n");
        Scenario.SessionSpec spec = s.servers().get(0).sessions().get(0);
        assertThat(spec.programs()).containsExactly("explorer.exe");
        assertThat(spec.answers()).containsExactly(dev.curfew.session.Answer.YES, dev.curfew.session.Answer.NO,
                dev.curfew.session.Answer.TIMEOUT);
        assertThat(spec.events().get(0).program()).isEqualTo("Teams.exe");
        assertThat(spec.events().get(1).program()).as("cpu naming no program").isEqualTo("busy.exe");
        assertThat(spec.events().get(1).rate()).isEqualTo(java.time.Duration.ofSeconds(30));

        assertThat(error(session + "        events:\n          - { at: 2026-11-23T08:10:00, do: start }\n"))
                .isEqualTo("s.yaml:9: servers[0].sessions[0].events[0].program: start needs program: (like Teams.exe)");
        assertThat(error(session + "        events:\n          - { at: 2026-11-23T08:10:00, do: cpu, until: "
                + "2026-11-23T08:20:00 }\n"))
                .isEqualTo("s.yaml:9: servers[0].sessions[0].events[0].rate: cpu needs rate: the CPU time used a minute (like 30s)");
        assertThat(error(session + "        events:\n          - { at: 2026-11-23T08:10:00, do: input, rate: 5s }\n"))
                .isEqualTo("s.yaml:9: servers[0].sessions[0].events[0].rate: only cpu takes rate");
        assertThat(error(session + "        answers: [maybe]\n"))
                .isEqualTo("s.yaml:8: servers[0].sessions[0].answers[0]: \"maybe\" is not an answer (use yes, no or timeout)");
    }

    @Test
    void anEmptyFileIsNamed() {
        assertThatThrownBy(() -> ScenarioReader.read("s.yaml", "# nothing yet\n"))
                .isInstanceOf(ConfigException.class).hasMessage("s.yaml: the scenario is empty");
    }
}
