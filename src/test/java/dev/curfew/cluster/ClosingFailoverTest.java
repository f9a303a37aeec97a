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
 * Three daemon processes on one PostgreSQL. The action table is locked as the closing's first
 * warning fires, and a node that began one is killed with SIGKILL; then locked again as the closing
 * fires, and a node that began a closing is killed. A survivor recovers the warnings (sent, or
 * skipped and recorded when too late) and the closings: every session is closed exactly once and
 * warned at most once at each lead.
 */
@Tag("timing")
class ClosingFailoverTest extends ClusterProcesses {

    @Test
    void warningsAndClosingsOfNodesKilledAsTheyStartAreFinishedBySurvivorsAndActOnEachSessionOnce() throws Exception {
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
        await("a second before the first warning", Duration.ofSeconds(60),
                () -> Instant.now().isAfter(closing.minusSeconds(11)));
        String warner = killAt(names, processes, List.of(), ": closing warning, 10 s before");
        List<String> warned = nodes.logText(warner).lines().filter(l -> l.contains(": closing warning, 10 s before"))
                .map(l -> l.replaceAll(".* - ([^:]+): closing warning.*", "$1")).toList();
        await("a second before the closing", Duration.ofSeconds(60),
                () -> Instant.now().isAfter(closing.minusSeconds(1)));
        String victim = killAt(names, processes, List.of(warner), ": closing\n");
        await("every busy session closed", Duration.ofSeconds(60), () -> count("SELECT COUNT(*) FROM action"
                + " WHERE rule = 'closing' AND action = 'disconnect' AND outcome = 'done'") >= fleet.servers());
        for (String n : names) {
            if (!n.equals(victim) && !n.equals(warner)) {
                Nodes.stop(processes.get(n));
            }
        }
        List<String> closed = nodes.journalLines().stream().map(l -> l.split("\t"))
                .filter(f -> f[1].equals("disconnect")).map(f -> f[2] + "#" + f[3]).toList();
        assertThat(closed).as("sessions disconnected, idle ones and busy ones").doesNotHaveDuplicates()
                .hasSize(fleet.userSessions());
        Map<String, Long> warnings = nodes.journalLines().stream().map(l -> l.split("\t"))
                .filter(f -> f[1].equals("warn") && f[3].equals(Integer.toString(fleet.idle() + 1)))
                .collect(java.util.stream.Collectors.groupingBy(f -> f[2], java.util.stream.Collectors.counting()));
        assertThat(warnings.values()).as("closing warnings each busy session received (two leads)")
                .allMatch(n -> n <= 2);
        assertThat(postgres.query("SELECT server, session_id, COUNT(*) FROM action WHERE rule = 'closing'"
                + " AND action = 'warn' GROUP BY server, session_id HAVING COUNT(*) > 2"))
                .as("sessions warned more than once at a lead").isEmpty();
        assertThat(warned).as("servers whose 10 s warning was begun by the node killed then").isNotEmpty();
        for (String server : warned) {
            long sent = postgres.count("SELECT COUNT(*) FROM action WHERE rule = 'closing' AND action = 'warn'"
                    + " AND outcome = 'done' AND once_key LIKE 'closing|%|10|%' AND server = '" + server + "'"
                    + " AND node <> '" + warner + "'");
            long skipped = postgres.count("SELECT COUNT(*) FROM sweep WHERE server = '" + server + "'"
                    + " AND error LIKE 'closing warning, 10 s before%skipped%'");
            assertThat(sent + skipped).as(server + ": its 10 s warning recovered by a survivor: sent, or skipped as"
                    + " too late and the skip recorded").isPositive();
            System.out.println("WARNING-RECOVERY " + server + " sent=" + sent + " skipped=" + skipped);
        }
        assertThat(postgres.query("SELECT DISTINCT node FROM action WHERE rule = 'closing' AND action = 'disconnect'"))
                .as("nodes that closed").noneMatch(r -> r.get(0).equals(victim) || r.get(0).equals(warner));
    }

    /**
     * Locks the action table until a node other than {@code spared} logs {@code line}, kills that
     * node with SIGKILL while its firing waits on the lock, then releases the lock; returns the node.
     */
    private String killAt(List<String> names, Map<String, Process> processes, List<String> spared, String line)
            throws Exception {
        List<String> candidates = names.stream().filter(n -> !spared.contains(n)).toList();
        String victim;
        try (Connection lock = DriverManager.getConnection(postgres.url(), "postgres", "");
                Statement st = lock.createStatement()) {
            lock.setAutoCommit(false);
            st.execute("LOCK TABLE action IN EXCLUSIVE MODE");
            await("a node logging " + line.strip(), Duration.ofSeconds(30), () -> candidates.stream()
                    .anyMatch(n -> nodes.logText(n).contains(line)));
            victim = candidates.stream().filter(n -> nodes.logText(n).contains(line)).findFirst().orElseThrow();
            Nodes.kill(processes.get(victim));
            lock.commit();
        }
        return victim;
    }

    private long count(String sql) {
        try {
            return postgres.count(sql);
        } catch (SQLException e) {
            return -1;
        }
    }
}
