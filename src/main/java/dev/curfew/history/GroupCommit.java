package dev.curfew.history;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One writer thread for the action rows of every concurrent caller: what was queued while the
 * previous transaction ran is written and committed as one, and each caller waits for its own rows'
 * commit. A closing of 1,000 servers then costs a few dozen commits instead of two per server.
 *
 * <pre>{@code
 * long[] ids = group.intents(intents);   // returns once committed: now the servers may be called
 * group.outcomes(outcomes);              // returns once committed
 * }</pre>
 */
final class GroupCommit implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);
    /**
     * Rows per transaction, about: enough to share a commit among ~20 servers' closings. Larger is
     * slower on H2 (5,000 measured at a quarter of the speed): past some megabytes of changed pages
     * it stores the open transaction's pages before the commit, then again at the commit.
     */
    static final int MAX_ROWS = 1_000;
    /** The thread ends after this long without work, and starts again with the next request. */
    private static final Duration IDLE = Duration.ofSeconds(30);
    private static final Request STOP = new Request(List.of(), List.of());

    private final DataSource dataSource;
    private final ActionRows rows;
    private final Duration closeTimeout;
    private final BlockingQueue<Request> queue = new LinkedBlockingQueue<>();
    private final Object lock = new Object();
    private Thread thread;
    private boolean closed;
    private volatile java.util.function.LongConsumer committed = nanos -> { };

    GroupCommit(DataSource dataSource, ActionRows rows, Duration closeTimeout) {
        this.dataSource = dataSource;
        this.rows = rows;
        this.closeTimeout = closeTimeout;
    }

    /** Tells {@code nanos} how long each committed group took to write. */
    void onCommit(java.util.function.LongConsumer nanos) {
        committed = nanos;
    }

    /** The requests waiting for the writer. */
    int queued() {
        return queue.size();
    }

    /** Records the intents, committed when this returns; their ids in order. */
    long[] intents(List<Intent> intents) {
        return await(submit(new Request(List.copyOf(intents), List.of())));
    }

    /** Records the outcomes, committed when this returns. */
    void outcomes(List<RecordedOutcome> outcomes) {
        await(submit(new Request(List.of(), List.copyOf(outcomes))));
    }

    private Request submit(Request r) {
        synchronized (lock) {
            if (closed) {
                throw new HistoryException("cannot " + ActionRows.what(r.intents, r.outcomes)
                        + ": the history is closed (curfew is stopping); nothing was sent");
            }
            queue.add(r);
            if (thread == null) {
                thread = new Thread(this::run, "curfew-history-writer");
                thread.setDaemon(true);
                thread.start();
            }
        }
        return r;
    }

    /**
     * Waits for the commit even when interrupted: a caller that gave up could not know whether its
     * intents were committed, and would leave rows pending for actions it never sent.
     */
    private static long[] await(Request r) {
        try {
            return r.done.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof HistoryException h) {
                throw h;
            }
            throw new HistoryException("cannot " + ActionRows.what(r.intents, r.outcomes) + ": " + e.getCause(), e);
        }
    }

    private void run() {
        List<Request> group = new ArrayList<>();
        while (true) {
            Request first;
            try {
                first = queue.poll(IDLE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                // The writer stops by STOP only, once what was queued before close() is written.
                continue;
            }
            if (first == null) {
                synchronized (lock) {
                    if (queue.isEmpty()) {
                        thread = null;
                        return;
                    }
                }
                continue;
            }
            if (first == STOP) {
                return;
            }
            group.add(first);
            int size = first.size();
            Request next;
            while (size < MAX_ROWS && (next = queue.peek()) != null && next != STOP) {
                group.add(queue.remove());
                size += next.size();
            }
            try {
                write(group);
            } catch (RuntimeException e) {
                // Never let the writer die: fail this group's callers and go on with the next.
                log.error("The history writer failed on {} requests: {}", group.size(), e.toString(), e);
                group.forEach(r -> r.done.completeExceptionally(e));
            }
            group.clear();
        }
    }

    /**
     * Writes the group in one transaction. If a row's data is refused, the group is rolled back and
     * each request is written alone, so that one bad row fails only its own caller.
     */
    private void write(List<Request> group) {
        try {
            long t0 = System.nanoTime();
            List<long[]> ids = transaction(group);
            committed.accept(System.nanoTime() - t0);
            for (int i = 0; i < group.size(); i++) {
                group.get(i).done.complete(ids.get(i));
            }
        } catch (SQLException e) {
            if (group.size() > 1 && refusedData(e)) {
                group.forEach(r -> write(List.of(r)));
                return;
            }
            for (Request r : group) {
                r.done.completeExceptionally(new HistoryException("cannot " + ActionRows.what(r.intents, r.outcomes)
                        + ": " + e.getMessage() + "; nothing of it was recorded", e));
            }
        }
    }

    private List<long[]> transaction(List<Request> group) throws SQLException {
        List<Intent> intents = new ArrayList<>();
        List<RecordedOutcome> outcomes = new ArrayList<>();
        for (Request r : group) {
            intents.addAll(r.intents);
            outcomes.addAll(r.outcomes);
        }
        long[] all = Jdbc.inTransaction(dataSource, c -> {
            long[] inserted = intents.isEmpty() ? new long[0] : rows.insert(c, intents);
            if (!outcomes.isEmpty()) {
                rows.update(c, outcomes);
            }
            return inserted;
        });
        List<long[]> ids = new ArrayList<>(group.size());
        int from = 0;
        for (Request r : group) {
            ids.add(Arrays.copyOfRange(all, from, from + r.intents.size()));
            from += r.intents.size();
        }
        return ids;
    }

    /** A data exception or constraint violation (SQL state class 22 or 23), not a lost connection. */
    private static boolean refusedData(SQLException e) {
        for (SQLException s = e; s != null; s = s.getNextException()) {
            String state = s.getSQLState();
            if (state != null && (state.startsWith("22") || state.startsWith("23"))) {
                return true;
            }
            if (!(s instanceof BatchUpdateException)) {
                break;
            }
        }
        return false;
    }

    /**
     * Writes what is queued, then stops the thread; waits at most the close timeout. Requests still
     * queued after it fail, so that no caller waits forever. Idempotent.
     */
    @Override
    public void close() {
        Thread t;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            t = thread;
            if (t != null) {
                queue.add(STOP);
            }
        }
        if (t == null) {
            return;
        }
        try {
            t.join(closeTimeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (t.isAlive()) {
            // Not interrupted: H2 may close its file when a thread is interrupted during I/O.
            log.warn("The history writer did not finish within {} s; the actions still queued are failed", closeTimeout.toSeconds());
        }
        for (Request r; (r = queue.poll()) != null; ) {
            r.done.completeExceptionally(new HistoryException("cannot " + ActionRows.what(r.intents, r.outcomes)
                    + ": the history writer was stopped before writing it"));
        }
    }

    /** Rows to write for one caller, and the ids of its intents once committed. */
    private static final class Request {
        final List<Intent> intents;
        final List<RecordedOutcome> outcomes;
        final CompletableFuture<long[]> done = new CompletableFuture<>();

        Request(List<Intent> intents, List<RecordedOutcome> outcomes) {
            this.intents = intents;
            this.outcomes = outcomes;
        }

        int size() {
            return intents.size() + outcomes.size();
        }
    }
}
