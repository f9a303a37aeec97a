package dev.curfew.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import javax.sql.DataSource;

/**
 * The history writer's own connection and statements, kept from one group commit to the next: a
 * group then costs no pool checkout and no statement preparation. Used by one thread; a connection
 * that failed is closed and a new one is taken for the next group.
 *
 * <pre>{@code
 * try (ActionWriter w = new ActionWriter(dataSource, rows)) {
 *     long[] ids = w.write(intents, outcomes);   // one transaction, committed when this returns
 * }
 * }</pre>
 */
final class ActionWriter implements AutoCloseable {
    private static final Comparator<RecordedOutcome> BY_ID = Comparator.comparingLong(RecordedOutcome::id);

    private final DataSource dataSource;
    private final ActionRows rows;
    private Connection connection;
    private PreparedStatement insert;
    private PreparedStatement update;

    ActionWriter(DataSource dataSource, ActionRows rows) {
        this.dataSource = dataSource;
        this.rows = rows;
    }

    /**
     * Inserts the intents and updates the outcomes in one transaction; returns the intents' ids in
     * order. Outcomes are updated in id order, so that the rows of one group are found side by side.
     */
    long[] write(List<Intent> intents, List<RecordedOutcome> outcomes) throws SQLException {
        Connection c = open();
        try {
            long[] ids = intents.isEmpty() ? new long[0] : rows.insert(insert, intents);
            if (!outcomes.isEmpty()) {
                List<RecordedOutcome> sorted = new ArrayList<>(outcomes);
                sorted.sort(BY_ID);
                rows.update(update, sorted);
            }
            c.commit();
            return ids;
        } catch (SQLException | RuntimeException e) {
            try {
                insert.clearBatch();
                update.clearBatch();
                c.rollback();
            } catch (SQLException r) {
                e.addSuppressed(r);
                close();
            }
            throw e;
        }
    }

    private Connection open() throws SQLException {
        if (connection != null && !connection.isClosed()) {
            return connection;
        }
        close();
        Connection c = dataSource.getConnection();
        try {
            c.setAutoCommit(false);
            insert = c.prepareStatement(ActionRows.INSERT, Statement.RETURN_GENERATED_KEYS);
            update = c.prepareStatement(ActionRows.UPDATE_OUTCOME);
        } catch (SQLException e) {
            try {
                c.close();
            } catch (SQLException x) {
                e.addSuppressed(x);
            }
            insert = null;
            update = null;
            throw e;
        }
        connection = c;
        return c;
    }

    /** Gives the connection back to the pool; the next write takes a new one. Idempotent. */
    @Override
    public void close() {
        Connection c = connection;
        connection = null;
        insert = null;
        update = null;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                // Nothing is pending on it (every write commits or rolls back); the pool discards it.
            }
        }
    }
}
