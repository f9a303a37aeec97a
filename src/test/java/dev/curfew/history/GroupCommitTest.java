package dev.curfew.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.curfew.Await;
import dev.curfew.policy.ActionType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The action rows of concurrent callers written by one thread: committed before each call returns, none lost at close. */
class GroupCommitTest {
    static final Instant T0 = Instant.parse("2026-11-30T17:00:00Z");

    // A pool, as the daemon has: the writer, the callers and the checks each take their own connection.
    final HikariDataSource dataSource = HistoryStore.dataSource(
            "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=30000", null, null, null);
    final HistoryStore store = new HistoryStore(dataSource, "node1");
    final ExecutorService callers = Executors.newFixedThreadPool(8);

    GroupCommitTest() {
        store.migrate();
    }

    @AfterEach
    void close() throws InterruptedException {
        callers.shutdownNow();
        callers.awaitTermination(10, TimeUnit.SECONDS);
        store.close();
        dataSource.close();
    }

    static List<Intent> closing(String server, int sessions, String user) {
        return IntStream.rangeClosed(1, sessions).mapToObj(id -> new Intent(T0,
                Sessions.active(server, id, user + id, T0, Duration.ofMinutes(5)), ActionType.DISCONNECT, "closing",
                "end of day", Source.CLOSING, false)).toList();
    }

    long count(String where) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM action WHERE " + where);
                var rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void theIntentsOfConcurrentCallersAreCommittedWhenEachCallReturns() throws Exception {
        List<Future<Long>> seen = new ArrayList<>();
        for (int server = 0; server < 16; server++) {
            String name = "ms" + server;
            seen.add(callers.submit(() -> {
                long[] ids = store.recordIntents(closing(name, 50, "u"));
                assertThat(ids).hasSize(50).doesNotHaveDuplicates();
                // Read from another connection: committed, not only visible to the writer's transaction.
                return count("server = '" + name + "' AND outcome = 'pending' AND id BETWEEN " + ids[0] + " AND "
                        + ids[49]);
            }));
        }
        for (Future<Long> f : seen) {
            assertThat(f.get(30, TimeUnit.SECONDS)).isEqualTo(50L);
        }
        assertThat(count("1=1")).isEqualTo(16 * 50L);
    }

    @Test
    void aRefusedRowFailsOnlyItsOwnCaller() throws Exception {
        List<Future<long[]>> good = new ArrayList<>();
        for (int server = 0; server < 6; server++) {
            String name = "ms" + server;
            good.add(callers.submit(() -> store.recordIntents(closing(name, 20, "u"))));
        }
        // A user name longer than the column: refused by the database, whatever it is grouped with.
        Future<long[]> bad = callers.submit(() -> store.recordIntents(closing("bad", 3, "x".repeat(300))));

        for (Future<long[]> f : good) {
            assertThat(f.get(30, TimeUnit.SECONDS)).hasSize(20);
        }
        assertThatThrownBy(() -> bad.get(30, TimeUnit.SECONDS)).cause().isInstanceOf(HistoryException.class)
                .hasMessageStartingWith("cannot record 3 actions (the first: disconnect of bad#1")
                .hasMessageEndingWith("; nothing of it was recorded");
        assertThat(count("1=1")).isEqualTo(6 * 20L);
    }

    @Test
    void aFailingWriteFailsEveryWaitingCallerWithTheReason() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute("ALTER TABLE action ADD CONSTRAINT history_full CHECK (session_id < 0)");
        }
        List<Future<long[]>> calls = new ArrayList<>();
        for (int server = 0; server < 4; server++) {
            String name = "ms" + server;
            calls.add(callers.submit(() -> store.recordIntents(closing(name, 10, "u"))));
        }
        for (int server = 0; server < 4; server++) {
            Future<long[]> f = calls.get(server);
            assertThatThrownBy(() -> f.get(30, TimeUnit.SECONDS)).cause().isInstanceOf(HistoryException.class)
                    .hasMessageStartingWith("cannot record 10 actions (the first: disconnect of ms" + server + "#1")
                    .hasMessageContaining("HISTORY_FULL");
        }
        assertThat(count("1=1")).isZero();
    }

    @Test
    void outcomesQueuedWhenTheStoreClosesAreWrittenBeforeCloseReturns() throws Exception {
        long[] ids = store.recordIntents(closing("ms1", 2, "u"));
        try (Connection blocker = dataSource.getConnection()) {
            // Holds the first row locked, so the writer waits inside its transaction and the second outcome queues.
            blocker.setAutoCommit(false);
            try (Statement st = blocker.createStatement()) {
                st.executeUpdate("UPDATE action SET reason = 'locked' WHERE id = " + ids[0]);
            }
            Thread first = start("first outcome", () -> store.recordOutcomes(
                    List.of(new RecordedOutcome(ids[0], Outcome.DONE, null, T0.plusSeconds(1)))));
            Await.until(first::getState, s -> s == Thread.State.WAITING);
            Thread second = start("second outcome", () -> store.recordOutcomes(
                    List.of(new RecordedOutcome(ids[1], Outcome.DONE, null, T0.plusSeconds(1)))));
            Await.until(second::getState, s -> s == Thread.State.WAITING);
            Thread closing = start("close", store::close);
            Await.until(closing::getState, s -> s == Thread.State.TIMED_WAITING);

            assertThatThrownBy(() -> store.recordIntents(closing("ms2", 1, "late")))
                    .isInstanceOf(HistoryException.class)
                    .hasMessage("cannot record disconnect of ms2#1 (SCHOOL\\late1): the history is closed"
                            + " (curfew is stopping); nothing was sent");
            blocker.commit();
            closing.join(30_000);
            assertThat(closing.isAlive()).isFalse();
            first.join(1_000);
            second.join(1_000);
        }
        assertThat(count("outcome = 'done'")).isEqualTo(2);
        assertThat(count("outcome = 'pending'")).isZero();
    }

    static Thread start(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.start();
        return t;
    }
}
