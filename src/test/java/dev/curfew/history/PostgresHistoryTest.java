package dev.curfew.history;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The history contract on a real PostgreSQL server, a fresh database per test. */
class PostgresHistoryTest extends HistoryContract {
    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    @Override
    HistoryStore store() {
        return POSTGRES.store();
    }

    @Override
    HistoryStore store(String node) {
        return POSTGRES.store(node);
    }
}
