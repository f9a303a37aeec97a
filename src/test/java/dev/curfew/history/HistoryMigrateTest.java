package dev.curfew.history;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
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
