package dev.curfew.cluster;

import static dev.curfew.cluster.Nodes.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Three daemon processes as one Quartz cluster on a real PostgreSQL: every scheduled firing (sweep,
 * due check, closing warning, closing) runs once, on one node, and every session gets each action
 * once, recorded with the node that took it. (A two-node run asserted the same of plain sweeps
 * only; the three nodes' run covers it, with the closing.)
 */
class ClusterTest extends ClusterProcesses {

    @Test
    void threeNodesFireEachSweepWarningAndClosingOnce() throws Exception {
        postgres = Postgres.start(dir.resolve("pg"));
        // The daemons start while the fleet's day has not begun: its closing warnings must not pass
        // before the nodes are there to plan them.
        Fleet fleet = Fleet.startingIn(Duration.ofSeconds(35), 4, 2);
        Instant closing = fleet.lastDue().plusSeconds(12);
        nodes = new Nodes(dir, postgres.url(), fleet, closing);
        List<String> names = List.of("n1", "n2", "n3");
        List<Process> processes = startAll(names);
        await("every user session disconnected and the closing done", Duration.ofSeconds(180),
                () -> count("SELECT COUNT(*) FROM action WHERE action = 'disconnect' AND outcome = 'done'")
                        >= fleet.userSessions() && count("SELECT COUNT(*) FROM sweep WHERE scheduled_at = '"
                                + closing + "'") >= fleet.servers());
        Instant until = Instant.now().plusSeconds(6);
        await("three more sweep intervals", Duration.ofSeconds(30), () -> Instant.now().isAfter(until));
        for (Process p : processes) {
            Nodes.stop(p);
        }
        for (String n : names) {
            assertThat(nodes.logText(n)).as(n + " started before the fleet's day")
                    .contains("curfew started").doesNotContain("ERROR");
        }
        int servers = fleet.servers();
        assertEachFiringAndActionOnce(names, servers);
        assertThat(count("SELECT COUNT(*) FROM action WHERE action = 'disconnect'")).isEqualTo(fleet.userSessions());
        assertThat(count("SELECT COUNT(*) FROM action WHERE rule = 'closing' AND action = 'disconnect'"))
                .as("busy sessions closed").isEqualTo(servers);
        assertThat(count("SELECT COUNT(*) FROM sweep WHERE scheduled_at = '" + closing + "'")).isEqualTo(servers);
        for (int lead : new int[] {10, 5}) {
            assertThat(count("SELECT COUNT(*) FROM sweep WHERE scheduled_at = '" + closing.minusSeconds(lead) + "'"))
                    .as("closing warning %ds before, once per server", lead).isEqualTo(servers);
        }
        assertThat(postgres.query("SELECT server, session_id, COUNT(*) FROM action WHERE rule = 'closing'"
                + " AND action = 'warn' GROUP BY server, session_id HAVING COUNT(*) <> 2"))
                .as("sessions not warned once at each lead before the closing").isEmpty();
        assertThat(count("SELECT COUNT(*) FROM action WHERE rule = 'idle limit' AND action = 'warn'"))
                .as("idle warnings, one per idle session").isEqualTo((long) servers * fleet.idle());
    }

    private List<Process> startAll(List<String> names) throws java.io.IOException {
        List<Process> processes = new ArrayList<>();
        for (String n : names) {
            processes.add(nodes.start(n));
        }
        return processes;
    }

    /** Each sweep trigger's firing recorded once; each action once per session; every action the servers got recorded. */
    private void assertEachFiringAndActionOnce(List<String> names, int servers) throws SQLException {
        assertThat(postgres.query("SELECT server, scheduled_at, COUNT(*) FROM sweep WHERE scheduled_at IS NOT NULL"
                + " GROUP BY server, scheduled_at HAVING COUNT(*) > 1")).as("firings that ran twice").isEmpty();
        assertThat(postgres.query("SELECT server, session_id, action, rule, due_at, COUNT(*) FROM action"
                + " WHERE NOT (rule = 'closing' AND action = 'warn')"
                + " GROUP BY server, session_id, action, rule, due_at HAVING COUNT(*) > 1"))
                .as("actions taken twice").isEmpty();
        assertThat(count("SELECT COUNT(*) FROM action WHERE outcome <> 'done'")).as("actions not done").isZero();
        assertThat(count("SELECT COUNT(DISTINCT server) FROM sweep")).isEqualTo(servers);
        List<Object> sweepNodes = postgres.query("SELECT DISTINCT node FROM sweep").stream().map(r -> r.get(0)).toList();
        // Quartz does not balance a cluster: while one node keeps up it may take every firing (seen
        // under load); what matters is that no firing ran twice. FailoverTest shows the others take over.
        assertThat(sweepNodes).as("nodes that swept").isNotEmpty().allMatch(names::contains);
        assertThat(postgres.query("SELECT DISTINCT node FROM action")).allMatch(r -> names.contains(r.get(0)));

        List<String> journal = nodes.journalLines();
        List<String> ends = journal.stream().map(l -> l.split("\t")).filter(f -> !f[1].equals("warn"))
                .map(f -> f[2] + "#" + f[3]).toList();
        assertThat(ends).as("disconnects and logoffs the servers received").doesNotHaveDuplicates();
        assertThat(journal).as("actions the servers received, each recorded")
                .hasSize((int) count("SELECT COUNT(*) FROM action"));
    }

    private long count(String sql) {
        try {
            return postgres.count(sql);
        } catch (SQLException e) {
            return -1;
        }
    }
}
