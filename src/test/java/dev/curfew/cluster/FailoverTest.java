package dev.curfew.cluster;

import static dev.curfew.cluster.Nodes.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two daemon processes in a cluster; one is killed with SIGKILL while the fleet's idle limits are
 * still falling due. The other takes over every server within Quartz's failure detection (check-in
 * interval, plus its fixed 7.5 s margin) and one sweep, and nothing the killed node recorded is lost.
 */
@Tag("timing")   // the kill must land in the middle of the work, and the takeover in time
class FailoverTest extends ClusterProcesses {
    /** Quartz takes a node for dead 7.5 s after its last check-in is overdue (JobStoreSupport.calcFailedIfAfter). */
    static final Duration QUARTZ_MARGIN = Duration.ofMillis(7500);
    static final Duration CHECKIN = Duration.ofSeconds(1);
    static final Duration SWEEP = Duration.ofSeconds(2);
    /** For a loaded 2-core machine: scheduling and database latency, on top of what Quartz promises. */
    static final Duration SLACK = Duration.ofSeconds(8);

    @Test
    void theSurvivorTakesOverTheKilledNodesServersAndNothingRecordedIsLost() throws Exception {
        postgres = Postgres.start(dir.resolve("pg"));
        Fleet fleet = Fleet.startingIn(Duration.ofSeconds(25), 3, 6);
        nodes = new Nodes(dir, postgres.url(), fleet, null);
        Process n1 = nodes.start("n1");
        Process n2 = nodes.start("n2");
        int idleSessions = fleet.servers() * fleet.idle();
        await("both nodes sweeping and the first disconnects done", Duration.ofSeconds(150),
                () -> count("SELECT COUNT(DISTINCT node) FROM sweep") == 2
                        && count("SELECT COUNT(*) FROM action WHERE action = 'disconnect'") >= 4);

        String victim = (String) postgres.query("SELECT node FROM sweep ORDER BY at DESC LIMIT 1").get(0).get(0);
        String survivor = victim.equals("n1") ? "n2" : "n1";
        Nodes.kill(victim.equals("n1") ? n1 : n2);
        Instant killed = Instant.now();
        List<List<Object>> before = postgres.query("SELECT id, node, action, server, session_id FROM action ORDER BY id");
        long sweepsBefore = count("SELECT COUNT(*) FROM sweep");
        assertThat(count("SELECT COUNT(*) FROM action WHERE action = 'disconnect'"))
                .as("killed in the middle of the work").isLessThan(idleSessions);

        await("every idle session disconnected by the survivor", Duration.ofSeconds(120),
                () -> count("SELECT COUNT(*) FROM action WHERE action = 'disconnect' AND outcome = 'done'")
                        >= idleSessions);
        Duration takeover = CHECKIN.plus(CHECKIN).plus(QUARTZ_MARGIN).plus(SWEEP).plus(SLACK);
        await("every server swept by the survivor after the kill", takeover.plusSeconds(5),
                () -> count("SELECT COUNT(DISTINCT server) FROM sweep WHERE node = '" + survivor + "' AND at > '"
                        + killed + "'") == fleet.servers());
        Nodes.stop(survivor.equals("n1") ? n1 : n2);

        Duration longest = Duration.ZERO;
        for (List<Object> server : postgres.query("SELECT DISTINCT server FROM sweep")) {
            Timestamp first = (Timestamp) postgres.query("SELECT MIN(at) FROM sweep WHERE server = '" + server.get(0)
                    + "' AND at > '" + killed + "'").get(0).get(0);
            Duration gap = Duration.between(killed, first.toInstant());
            assertThat(gap).as("%s swept again after the kill", server.get(0)).isLessThanOrEqualTo(takeover);
            longest = gap.compareTo(longest) > 0 ? gap : longest;
        }
        System.out.println("FailoverTest: every server swept again " + longest.toMillis() + " ms after the kill");
        List<List<Object>> after = postgres.query("SELECT id, node, action, server, session_id FROM action ORDER BY id");
        assertThat(after).as("every row recorded before the kill is still there").containsAll(before);
        assertThat(count("SELECT COUNT(*) FROM sweep")).isGreaterThan(sweepsBefore);
        assertThat(postgres.query("SELECT server, scheduled_at, COUNT(*) FROM sweep WHERE scheduled_at IS NOT NULL"
                + " GROUP BY server, scheduled_at HAVING COUNT(*) > 1")).as("firings that ran twice").isEmpty();
        assertThat(postgres.query("SELECT server, session_id, action, rule, due_at, COUNT(*) FROM action"
                + " WHERE outcome = 'done' GROUP BY server, session_id, action, rule, due_at HAVING COUNT(*) > 1"))
                .as("actions done twice").isEmpty();

        Set<String> recorded = new HashSet<>();
        for (List<Object> r : after) {
            recorded.add(r.get(2) + "\t" + r.get(3) + "\t" + r.get(4));
        }
        List<String> received = nodes.journalLines();
        for (String line : received) {
            assertThat(recorded).as("the history of an action the servers received").contains(line.substring(line.indexOf('\t') + 1));
        }
        assertThat(received.stream().map(l -> l.split("\\t")).filter(f -> f[1].equals("disconnect"))
                .map(f -> f[2] + "#" + f[3]).toList()).as("sessions disconnected").doesNotHaveDuplicates()
                .hasSize(idleSessions);
        assertThat(nodes.logText(survivor)).as("the survivor's log").doesNotContain("ERROR");
    }

    private long count(String sql) {
        try {
            return postgres.count(sql);
        } catch (SQLException e) {
            return -1;
        }
    }
}
