package dev.curfew.session.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curfew.MutableClock;
import dev.curfew.session.ServerName;
import dev.curfew.session.Session;
import dev.curfew.session.SessionState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two simulated hosts on one journal play one fleet: what one daemon does, the other sees. */
class SharedJournalTest {
    static final ServerName MS01 = ServerName.of("ms01.school.local");
    static final ServerName MS02 = ServerName.of("ms02.school.local");

    @Test
    void actionsOfOneHostAreSeenByTheOtherAtTheirInstants(@TempDir Path dir) throws Exception {
        Path journal = dir.resolve("journal.tsv");
        Instant start = Instant.parse("2026-11-23T06:30:00Z");
        MutableClock clock = new MutableClock(start.plusSeconds(60));
        Scenario day = ScenarioReader.read(Path.of("config/demo-scenario.yaml")).startingAt(start);
        SimulatedSessionHost a = new SimulatedSessionHost(day, clock, journal);
        SimulatedSessionHost b = new SimulatedSessionHost(day, clock, journal);

        a.disconnect(MS01, 2);
        a.logoff(MS01, 3);
        a.warn(MS02, 2, "t", "x");
        clock.advance(Duration.ofSeconds(30));

        Session alice = b.session(MS01, 2).orElseThrow();
        assertThat(alice.state()).isEqualTo(SessionState.DISCONNECTED);
        assertThat(alice.disconnectTime()).isEqualTo(start.plusSeconds(60));
        assertThat(b.session(MS01, 3)).isEmpty();
        assertThat(b.session(MS02, 2).orElseThrow().state()).isEqualTo(SessionState.ACTIVE);
        assertThat(a.session(MS01, 2).orElseThrow().disconnectTime()).as("its own action, not applied twice")
                .isEqualTo(start.plusSeconds(60));
        assertThat(Files.readAllLines(journal)).containsExactly(
                start.plusSeconds(60) + "\tdisconnect\tms01.school.local\t2",
                start.plusSeconds(60) + "\tlogoff\tms01.school.local\t3",
                start.plusSeconds(60) + "\twarn\tms02.school.local\t2");
    }

    @Test
    void linesFromBeforeTheScenarioStartAreAnEarlierRunsAndIgnored(@TempDir Path dir) throws Exception {
        Path journal = dir.resolve("journal.tsv");
        Instant start = Instant.parse("2026-11-23T06:30:00Z");
        Files.writeString(journal, start.minusSeconds(3600) + "\tlogoff\tms01.school.local\t2\n");
        MutableClock clock = new MutableClock(start.plusSeconds(60));
        SimulatedSessionHost host = new SimulatedSessionHost(
                ScenarioReader.read(Path.of("config/demo-scenario.yaml")).startingAt(start), clock, journal);
        assertThat(host.session(MS01, 2)).isPresent();
    }
}
