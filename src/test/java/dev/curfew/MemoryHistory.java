package dev.curfew;

import com.zaxxer.hikari.HikariDataSource;
import dev.curfew.history.HistoryStore;
import java.util.UUID;

/** A fresh, migrated in-memory H2 history for one test; close it at the end. */
public final class MemoryHistory implements AutoCloseable {
    private final HikariDataSource dataSource;
    private final HistoryStore store;

    public MemoryHistory() {
        dataSource = HistoryStore.dataSource("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null, null, null);
        store = new HistoryStore(dataSource, "test-node");
        store.migrate();
    }

    public HistoryStore store() {
        return store;
    }

    @Override
    public void close() {
        store.close();
        dataSource.close();
    }
}
