package dev.curfew.history;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Flyway is started only when the schema history is not at the shipped version. */
class HistoryMigrateTest {
    private final JdbcDataSource dataSource = new JdbcDataSource();

    HistoryMigrateTest() {
        dataSource.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        dataSource.setUser("sa");
    }

    @Test
    void theShippedVersionIsTheLastMigrationFlywayApplies() {
        HistoryStore store = new HistoryStore(dataSource, "node1");
        assertThat(store.current()).as("a new database").isFalse();

        store.migrate();

        assertThat(store.current()).isTrue();
        assertThat(Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().info()
                .current().getVersion().getVersion()).isEqualTo(HistoryDatabase.SCHEMA_VERSION);
    }

    @Test
    void aSchemaHistoryWithAFailedOrOlderMigrationIsLeftToFlyway() throws SQLException {
        HistoryStore store = new HistoryStore(dataSource, "node1");
        store.migrate();
        execute("UPDATE \"flyway_schema_history\" SET \"success\" = FALSE WHERE \"version\" = '3'");
        assertThat(store.current()).as("a failed migration").isFalse();

        execute("UPDATE \"flyway_schema_history\" SET \"success\" = TRUE");
        execute("DELETE FROM \"flyway_schema_history\" WHERE \"version\" = '" + HistoryDatabase.SCHEMA_VERSION + "'");
        assertThat(store.current()).as("the last migration missing").isFalse();
    }

    @Test
    void rowsWrittenBeforeTheLowerCasedKeysAreFoundByEveryCaseThroughTheirIndexes() throws SQLException {
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").target("6").load().migrate();
        execute("INSERT INTO action (at, server, session_id, user_name, domain, client, station, action, rule, reason,"
                + " source, what_if, outcome, node) VALUES (TIMESTAMP WITH TIME ZONE '2026-11-23 08:00:00Z', 'MS01', 2,"
                + " 'Alice', 'D', 'PC', 'RDP', 'disconnect', 'Idle Limit', 'idle 31m', 'policy', FALSE, 'done', 'node1')");
        execute("INSERT INTO report_rollup (what_if, start_at, end_at, comeback_window_ms, actions, built_at) VALUES"
                + " (FALSE, TIMESTAMP WITH TIME ZONE '2026-11-23 00:00:00Z', TIMESTAMP WITH TIME ZONE"
                + " '2026-11-24 00:00:00Z', 600000, 1, TIMESTAMP WITH TIME ZONE '2026-11-24 01:00:00Z')");
        HistoryStore store = new HistoryStore(dataSource, "node1");

        store.migrate();

        for (HistoryFilter f : new HistoryFilter[] {new HistoryFilter(null, null, "ms01", null, null, null, null, 0),
            new HistoryFilter(null, null, null, "ALICE", null, null, null, 0),
            new HistoryFilter(null, null, null, null, null, "idle limit", null, 0)}) {
            assertThat(store.query(f)).as("%s", f).extracting(HistoryEntry::user).containsExactly("Alice");
        }
        assertThat(plan("SELECT * FROM action WHERE user_key = LOWER('Alice')")).contains("ACTION_USER_KEY_AT");
        assertThat(plan("SELECT * FROM action WHERE server_key = LOWER('MS01')")).contains("ACTION_SERVER_KEY_AT");
        // Roll-ups of the old form are derived data: summed again on first use.
        assertThat(new Jdbc(dataSource).query("count", "SELECT COUNT(*) FROM report_rollup", List.of(),
                rs -> rs.getLong(1))).containsExactly(0L);
    }

    private String plan(String sql) {
        return new Jdbc(dataSource).query("explain", "EXPLAIN " + sql, List.of(), rs -> rs.getString(1)).get(0);
    }

    @Test
    void aCommandsFileDatabaseIsNotCompactedWhenItCloses(@TempDir Path dir) {
        try (HikariDataSource daemon = HistoryStore.dataSource(null, null, null, dir.resolve("d"));
                HikariDataSource command = HistoryStore.dataSource(null, null, null, dir.resolve("c"), true)) {
            assertThat(daemon.getJdbcUrl()).doesNotContain("MAX_COMPACT_TIME");
            assertThat(command.getJdbcUrl()).endsWith(";MAX_COMPACT_TIME=0");
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
