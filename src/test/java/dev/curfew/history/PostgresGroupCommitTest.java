package dev.curfew.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.curfew.Await;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The group commit's PostgreSQL statements (one INSERT and one UPDATE over arrays for a whole group)
 * on a real server. The writer is held on a locked row while the callers queue, so that their
 * requests are written as one group, as in a closing storm.
 */
class PostgresGroupCommitTest {
    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    static final Instant T0 = Instant.parse("2026-11-30T17:00:00.000001Z");

    HistoryStore store() {
        return POSTGRES.store();
    }

    @Test
    void theIntentsOfConcurrentCallersWrittenAsOneGroupGetTheirOwnRowsIdsInOrder() throws Exception {
        List<CompletableFuture<long[]>> calls = whileTheWriterIsHeld(8,
                server -> () -> store().recordIntents(GroupCommitTest.closing("ms" + server, 20, "u" + server)));

        Set<Long> all = new HashSet<>();
        for (int server = 0; server < 8; server++) {
            long[] ids = calls.get(server).get(30, TimeUnit.SECONDS);
            assertThat(ids).hasSize(20).isSorted().doesNotHaveDuplicates();
            for (long id : ids) {
                assertThat(all.add(id)).as("id %d given once", id).isTrue();
            }
            for (int i = 0; i < 20; i++) {
                assertThat(row(ids[i])).isEqualTo("ms" + server + " " + (i + 1) + " u" + server + (i + 1) + " pending");
            }
        }
        assertThat(transactions("server LIKE 'ms%'")).as("the 8 callers' rows were one transaction").isEqualTo(1);
    }

    @Test
    void theOutcomesOfAGroupUpdateExactlyTheirOwnRows() throws Exception {
        List<long[]> ids = new ArrayList<>();
        for (int server = 0; server < 4; server++) {
            ids.add(store().recordIntents(GroupCommitTest.closing("ms" + server, 10, "u")));
        }
        // Each caller records the outcomes of its even rows: the odd ones must stay pending.
        List<CompletableFuture<long[]>> calls = whileTheWriterIsHeld(4, server -> () -> {
            List<RecordedOutcome> outcomes = new ArrayList<>();
            for (int i = 0; i < 10; i += 2) {
                outcomes.add(i % 4 == 0 ? new RecordedOutcome(ids.get(server)[i], Outcome.DONE, null, T0.plusMillis(i))
                        : new RecordedOutcome(ids.get(server)[i], Outcome.FAILED, "no session " + i, T0.plusMillis(i)));
            }
            store().recordOutcomes(outcomes);
            return null;
        });
        for (CompletableFuture<long[]> c : calls) {
            c.get(30, TimeUnit.SECONDS);
        }

        for (int server = 0; server < 4; server++) {
            for (int i = 0; i < 10; i++) {
                HistoryEntry e = entry(ids.get(server)[i]);
                if (i % 2 == 1) {
                    assertThat(e.outcome()).isEqualTo(Outcome.PENDING);
                    assertThat(e.finishedAt()).isNull();
                } else {
                    assertThat(e.outcome()).isEqualTo(i % 4 == 0 ? Outcome.DONE : Outcome.FAILED);
                    assertThat(e.error()).isEqualTo(i % 4 == 0 ? null : "no session " + i);
                    assertThat(e.finishedAt()).isEqualTo(T0.plusMillis(i));
                }
            }
        }
    }

    @Test
    void aValueTooLongFailsOnlyItsOwnCallerOfTheGroup() throws Exception {
        // A user name longer than the column's 255: PostgreSQL refuses the whole statement (22001),
        // and the group is written again request by request.
        List<CompletableFuture<long[]>> calls = whileTheWriterIsHeld(5, server -> () -> store().recordIntents(
                server == 2 ? GroupCommitTest.closing("bad", 3, "x".repeat(300))
                        : GroupCommitTest.closing("ms" + server, 20, "u")));

        for (int server = 0; server < 5; server++) {
            if (server != 2) {
                assertThat(calls.get(server).get(30, TimeUnit.SECONDS)).hasSize(20);
            }
        }
        assertThatThrownBy(() -> calls.get(2).get(30, TimeUnit.SECONDS)).cause().isInstanceOf(HistoryException.class)
                .hasMessageStartingWith("cannot record 3 actions (the first: disconnect of bad#1")
                .hasMessageContaining("value too long for type character varying(255)")
                .hasMessageEndingWith("; nothing of it was recorded")
                .cause().isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("22001"));
        assertThat(count("server LIKE 'ms%'")).isEqualTo(4 * 20L);
        assertThat(count("server = 'bad'")).isZero();
        assertThat(transactions("server LIKE 'ms%'")).as("each good request written alone").isEqualTo(4);
    }

    /**
     * Starts {@code callers} calls while the writer waits for a row lock, and lets it go once all of
     * them are queued: the writer then takes them as one group.
     */
    private List<CompletableFuture<long[]>> whileTheWriterIsHeld(int callers,
            java.util.function.IntFunction<Supplier<long[]>> call) throws Exception {
        long[] held = store().recordIntents(GroupCommitTest.closing("held", 1, "h"));
        List<CompletableFuture<long[]>> calls = new ArrayList<>();
        try (Connection blocker = POSTGRES.dataSource().getConnection()) {
            blocker.setAutoCommit(false);
            try (Statement st = blocker.createStatement()) {
                st.executeUpdate("UPDATE action SET reason = 'locked' WHERE id = " + held[0]);
            }
            List<Thread> threads = new ArrayList<>();
            threads.add(GroupCommitTest.start("held outcome", () -> store().recordOutcomes(
                    List.of(new RecordedOutcome(held[0], Outcome.DONE, null, T0)))));
            Await.until(threads.get(0)::getState, s -> s == Thread.State.WAITING);
            for (int i = 0; i < callers; i++) {
                CompletableFuture<long[]> f = new CompletableFuture<>();
                Supplier<long[]> c = call.apply(i);
                Thread t = GroupCommitTest.start("caller " + i, () -> {
                    try {
                        f.complete(c.get());
                    } catch (RuntimeException e) {
                        f.completeExceptionally(e);
                    }
                });
                threads.add(t);
                calls.add(f);
                Await.until(t::getState, s -> s == Thread.State.WAITING);
            }
            blocker.commit();
            for (Thread t : threads) {
                t.join(30_000);
            }
        }
        return calls;
    }

    private String row(long id) {
        return new Jdbc(POSTGRES.dataSource()).query("read a row", "SELECT server, session_id, user_name, outcome"
                + " FROM action WHERE id = ?", List.of(id), rs -> rs.getString(1) + " " + rs.getInt(2) + " "
                + rs.getString(3) + " " + rs.getString(4)).get(0);
    }

    private HistoryEntry entry(long id) {
        return new Jdbc(POSTGRES.dataSource()).query("read a row", "SELECT * FROM action WHERE id = ?", List.of(id),
                HistoryEntry::read).get(0);
    }

    private long count(String where) {
        return new Jdbc(POSTGRES.dataSource()).query("count", "SELECT COUNT(*) FROM action WHERE " + where, List.of(),
                rs -> rs.getLong(1)).get(0);
    }

    /** How many transactions wrote the rows: PostgreSQL stamps each row with its inserting transaction's id. */
    private long transactions(String where) {
        return new Jdbc(POSTGRES.dataSource()).query("count", "SELECT COUNT(DISTINCT xmin::text) FROM action WHERE "
                + where, List.of(), rs -> rs.getLong(1)).get(0);
    }
}
