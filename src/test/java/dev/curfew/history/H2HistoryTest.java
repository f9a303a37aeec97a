package dev.curfew.history;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The history contract on a fresh in-memory H2 per test. */
class H2HistoryTest extends HistoryContract {
    @RegisterExtension
    final H2Extension h2 = new H2Extension();

    @Override
    HistoryStore store() {
        return h2.store();
    }

    @Override
    HistoryStore store(String node) {
        return h2.store(node);
    }
}
