package dev.curfew.history;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh, migrated in-memory H2 history database for each test.
 *
 * <pre>{@code
 * @RegisterExtension final H2Extension h2 = new H2Extension();
 * ... h2.store().recordIntent(...)
 * }</pre>
 */
public final class H2Extension implements BeforeEachCallback, AfterEachCallback {
    private JdbcDataSource dataSource;
    private HistoryStore store;

    @Override
    public void beforeEach(ExtensionContext context) {
        dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        dataSource.setUser("sa");
        store = new HistoryStore(dataSource, "node1");
        store.migrate();
    }

    @Override
    public void afterEach(ExtensionContext context) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute("SHUTDOWN");
        }
    }

    public HistoryStore store() {
        return store;
    }

    /** Another store on the same database, as a second daemon would see it. */
    public HistoryStore store(String node) {
        return new HistoryStore(dataSource, node);
    }
}
