package dev.curfew.cluster;

import static dev.curfew.cluster.Nodes.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.curfew.action.ActionRunner;
import dev.curfew.history.HistoryFilter;
import dev.curfew.history.HistoryStore;
import dev.curfew.policy.Policy;
import dev.curfew.policy.PolicyEngine;
import dev.curfew.policy.RuleCompiler;
import dev.curfew.sweep.Sweeper;
import dev.curfew.session.ServerName;
import dev.curfew.session.sim.ScenarioReader;
import dev.curfew.session.sim.SimulatedSessionHost;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.kie.api.KieServices;

/**
 * The database goes away under a running node: nothing is sent to a server that could not be
 * recorded first, the node says so in one line per check, and it rejoins when the database is back.
 */
class DatabaseOutageTest extends ClusterProcesses {

    @Test
    void aSweepThatCannotRecordTheIntentSendsNothingAndActsOnceTheDatabaseIsBack() throws Exception {
        postgres = Postgres.start(dir.resolve("pg"));
        Fleet fleet = Fleet.startingIn(Duration.ofMinutes(-1), 1, 1);   // its one idle session is overdue
        fleet.write(dir.resolve("fleet.yaml"));
        Path journal = dir.resolve("journal.tsv");
        Clock clock = Clock.system(ZoneOffset.UTC);
        var host = new SimulatedSessionHost(ScenarioReader.read(dir.resolve("fleet.yaml")).startingAt(fleet.start()),
                clock, journal);
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(postgres.url());
        c.setUsername("postgres");
        c.setConnectionTimeout(1000);
        c.setInitializationFailTimeout(-1);
        try (HikariDataSource ds = new HikariDataSource(c)) {
            HistoryStore history = new HistoryStore(ds, "n1");
            history.migrate();
            var engine = new PolicyEngine(new RuleCompiler(KieServices.get()).compile(Path.of("rules")),
                    Policy.defaults(ZoneOffset.UTC));
            Sweeper sweeper = new Sweeper(host, engine, new ActionRunner(host, history, clock), history, clock);
            ServerName server = ServerName.of(Fleet.server(0));

            postgres.stop();
            Sweeper.Result down = sweeper.sweep(server, null);
            assertThat(down.error()).startsWith("history unavailable: cannot record disconnect of " + server + "#1");
            assertThat(down.actions()).isEmpty();
            assertThat(journal).as("what the server received").doesNotExist();

            postgres.restart();
            Sweeper.Result back = sweepUntilRecorded(() -> sweeper.sweep(server, null));
            assertThat(back.actions()).singleElement().satisfies(a -> assertThat(a.failed()).isFalse());
            assertThat(java.nio.file.Files.readAllLines(journal)).singleElement().asString()
                    .endsWith("\tdisconnect\t" + server + "\t1");
            assertThat(history.query(HistoryFilter.ALL)).singleElement()
                    .satisfies(e -> assertThat(e.outcome().label()).isEqualTo("done"));
        }
    }

    @Test
    void aNodeWithoutItsDatabaseLogsOneLinePerCheckAndRejoinsWhenItIsBack() throws Exception {
        postgres = Postgres.start(dir.resolve("pg"));
        Fleet fleet = Fleet.startingIn(Duration.ZERO, 2, 2);
        nodes = new Nodes(dir, postgres.url(), fleet, null);
        nodes.start("n1");
        await("the node sweeping", Duration.ofSeconds(120),
                () -> count("SELECT COUNT(*) FROM sweep WHERE node = 'n1'") >= 2);

        postgres.stop();
        int journalAtStop = nodes.journalLines().size();
        await("three error lines from the node", Duration.ofSeconds(60),
                () -> lines(nodes.logText("n1"), "schedule database").size() >= 4);
        int journalAtRestart = nodes.journalLines().size();
        postgres.restart();
        Instant back = Instant.now();
        await("the node back in the cluster", Duration.ofSeconds(60),
                () -> nodes.logText("n1").contains("reachable again")
                        && count("SELECT COUNT(*) FROM sweep WHERE node = 'n1' AND at > '" + back + "'") >= 2);
        nodes.close();

        String log = nodes.logText("n1");
        assertThat(journalAtRestart).as("actions sent while the database was away").isEqualTo(journalAtStop);
        assertThat(lines(log, "schedule database").get(0)).matches(".* ERROR .*DatabaseWatch - schedule database "
                + "jdbc:postgresql://localhost:\\d+/postgres unreachable since \\S+: Connection to localhost:\\d+ refused.*; this node fires nothing and "
                + "takes no action until it is back \\(checking every 1s\\)");
        assertThat(lines(log, "reachable again")).singleElement().asString()
                .matches(".* INFO .*DatabaseWatch - schedule database .* reachable again after \\d+s: "
                        + "this node rejoins the cluster");
        assertThat(log.lines().filter(l -> l.startsWith("\tat ") || l.startsWith("Caused by")).toList())
                .as("stack trace lines").isEmpty();
        assertThat(lines(log, " ERROR ")).as("errors other than the watch's: at most the sweeps cut off")
                .filteredOn(l -> !l.contains("DatabaseWatch")).hasSizeLessThanOrEqualTo(4);
        Set<String> recorded = new HashSet<>();
        for (List<Object> r : postgres.query("SELECT action, server, session_id FROM action")) {
            recorded.add(r.get(0) + "\t" + r.get(1) + "\t" + r.get(2));
        }
        for (String line : nodes.journalLines()) {
            assertThat(recorded).contains(line.substring(line.indexOf('\t') + 1));
        }
    }

    private static List<String> lines(String log, String containing) {
        return log.lines().filter(l -> l.contains(containing)).toList();
    }

    /** Sweeps until the sweep could be recorded (the restarted database takes connections again). */
    private static Sweeper.Result sweepUntilRecorded(java.util.function.Supplier<Sweeper.Result> sweep)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            Sweeper.Result r = sweep.get();
            if (r.error() == null || System.nanoTime() > deadline) {
                return r;
            }
            Thread.sleep(200);
        }
    }

    private long count(String sql) {
        try {
            return postgres.count(sql);
        } catch (SQLException e) {
            return -1;
        }
    }
}
