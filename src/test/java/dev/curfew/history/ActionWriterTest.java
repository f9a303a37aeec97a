package dev.curfew.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The writer's kept connection: one for many groups, rolled back on a refused row, replaced when it breaks. */
class ActionWriterTest {
    final JdbcDataSource h2 = new JdbcDataSource();
    final CountingDataSource dataSource;
    final ActionWriter writer;

    ActionWriterTest() {
        h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        h2.setUser("sa");
        new HistoryStore(h2, "node1").migrate();
        dataSource = new CountingDataSource(h2);
        writer = new ActionWriter(dataSource, new ActionRows("node1"));
    }

    @AfterEach
    void close() throws SQLException {
        writer.close();
        try (Connection c = h2.getConnection()) {
            c.createStatement().execute("SHUTDOWN");
        }
    }

    long count(String where) throws SQLException {
        try (Connection c = h2.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM action WHERE " + where);
                var rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static List<RecordedOutcome> done(long[] ids) {
        List<RecordedOutcome> outcomes = new ArrayList<>();
        // Given newest first: the writer applies them in id order, the result is the same.
        for (int i = ids.length - 1; i >= 0; i--) {
            outcomes.add(new RecordedOutcome(ids[i], Outcome.DONE, null, GroupCommitTest.T0.plusSeconds(1)));
        }
        return outcomes;
    }

    @Test
    void oneConnectionServesEveryGroupAndEachGroupIsCommittedWhenWriteReturns() throws SQLException {
        long[] first = writer.write(GroupCommitTest.closing("ms1", 5, "u"), List.of());
        assertThat(count("outcome = 'pending'")).isEqualTo(5);
        long[] second = writer.write(GroupCommitTest.closing("ms2", 5, "u"), done(first));
        writer.write(List.of(), done(second));

        assertThat(count("outcome = 'done'")).isEqualTo(10);
        assertThat(count("outcome = 'pending'")).isZero();
        assertThat(dataSource.connectionsTaken).isEqualTo(1);
    }

    @Test
    void aRefusedGroupIsRolledBackAndTheNextOneIsWrittenOnTheSameConnection() throws SQLException {
        long[] ids = writer.write(GroupCommitTest.closing("ms1", 3, "u"), List.of());
        List<Intent> refused = new ArrayList<>(GroupCommitTest.closing("ms2", 2, "u"));
        refused.addAll(GroupCommitTest.closing("ms3", 1, "x".repeat(300)));

        assertThatThrownBy(() -> writer.write(refused, done(ids))).isInstanceOf(SQLException.class);
        assertThat(count("1=1")).isEqualTo(3);
        assertThat(count("outcome = 'pending'")).isEqualTo(3);

        writer.write(GroupCommitTest.closing("ms4", 2, "u"), done(ids));
        assertThat(count("outcome = 'done'")).isEqualTo(3);
        assertThat(count("server = 'ms4'")).isEqualTo(2);
        assertThat(count("server IN ('ms2', 'ms3')")).isZero();
        assertThat(dataSource.connectionsTaken).isEqualTo(1);
    }

    @Test
    void aConnectionClosedUnderTheWriterIsReplacedForTheNextGroup() throws SQLException {
        writer.write(GroupCommitTest.closing("ms1", 2, "u"), List.of());
        dataSource.lastTaken.close();

        writer.write(GroupCommitTest.closing("ms2", 2, "u"), List.of());
        assertThat(count("1=1")).isEqualTo(4);
        assertThat(dataSource.connectionsTaken).isEqualTo(2);
    }

    @Test
    void closeGivesTheConnectionBackAndTheNextWriteTakesANewOne() throws SQLException {
        writer.write(GroupCommitTest.closing("ms1", 1, "u"), List.of());
        Connection first = dataSource.lastTaken;
        writer.close();
        writer.close();
        assertThat(first.isClosed()).isTrue();

        writer.write(GroupCommitTest.closing("ms2", 1, "u"), List.of());
        assertThat(dataSource.connectionsTaken).isEqualTo(2);
        assertThat(count("1=1")).isEqualTo(2);
    }

    /** Hands out the database's connections and counts them. */
    static final class CountingDataSource implements DataSource {
        final DataSource target;
        int connectionsTaken;
        Connection lastTaken;

        CountingDataSource(DataSource target) {
            this.target = target;
        }

        @Override
        public Connection getConnection() throws SQLException {
            connectionsTaken++;
            lastTaken = target.getConnection();
            return lastTaken;
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }
}
