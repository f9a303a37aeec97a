package dev.curfew.cluster;

import static dev.curfew.cluster.Nodes.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Three daemon processes on one PostgreSQL; the action table is locked as the closing fires, so
 * every node's closing waits to record its intents, and one node that began a closing is killed
 * with SIGKILL. Its closings are recovered by a survivor: every busy session is closed exactly once.
 */
@Tag("timing")
class ClosingFailoverTest extends ClusterProcesses {

    @Test
    void aClosingOfANodeKilledAsItStartsIsFinishedByASurvivorAndClosesEachSessionOnce() throws Exception {
        postgres = Postgres.start(dir.resolve("pg"));
        Fleet fleet = Fleet.startingIn(Duration.ofSeconds(20), 4, 1);
        Instant closing = fleet.lastDue().plusSeconds(12);
        nodes = new Nodes(dir, postgres.url(), fleet, closing);
        List<String> names = List.of("n1", "n2", "n3");
        Map<String, Process> processes = new java.util.HashMap<>();
        for (String n : names) {
            processes.put(n, nodes.start(n));
        }
        await("the idle sessions disconnected", Duration.ofSeconds(120), () -> count(
                "SELECT COUNT(*) FROM action WHERE action = 'disconnect' AND outcome = 'done'") >= fleet.servers());
        await("a second before the closing", Duration.ofSeconds(60),
                () -> Instant.now().isAfter(closing.minusSeconds(1)));
        String victim;
        try (Connection lock = DriverManager.getConnection(postgres.url(), "postgres", "");
                Statement st = lock.createStatement()) {
            lock.setAutoCommit(false);
            st.execute("LOCK TABLE action IN EXCLUSIVE MODE");
            await("a node beginning a closing", Duration.ofSeconds(30), () -> names.stream()
                    .anyMatch(n -> nodes.logText(n).contains(": closing\n")));
            victim = names.stream().filter(n -> nodes.logText(n).contains(": closing\n")).findFirst().orElseThrow();
            Nodes.kill(processes.get(victim));
            lock.commit();
        }
        await("every busy session closed", Duration.ofSeconds(60), () -> count("SELECT COUNT(*) FROM action"
                + " WHERE rule = 'closing' AND action = 'disconnect' AND outcome = 'done'") >= fleet.servers());
        for (String n : names) {
            if (!n.equals(victim)) {
                Nodes.stop(processes.get(n));
            }
        }
        List<String> closed = nodes.journalLines().stream().map(l -> l.split("\t"))
                .filter(f -> f[1].equals("disconnect")).map(f -> f[2] + "#" + f[3]).toList();
        assertThat(closed).as("sessions disconnected, idle ones and busy ones").doesNotHaveDuplicates()
                .hasSize(fleet.userSessions());
        assertThat(postgres.query("SELECT server, session_id, COUNT(*) FROM action WHERE rule = 'closing'"
                + " AND action = 'warn' GROUP BY server, session_id HAVING COUNT(*) <> 2"))
                .as("sessions not warned once at each lead").isEmpty();
        assertThat(postgres.query("SELECT DISTINCT node FROM action WHERE rule = 'closing' AND action = 'disconnect'"))
                .as("nodes that closed").noneMatch(r -> r.get(0).equals(victim));
    }

    private long count(String sql) {
        try {
            return postgres.count(sql);
        } catch (SQLException e) {
            return -1;
        }
    }
}
