package dev.curfew.history;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The key contract on an in-memory H2 database. */
class H2OnceKeyTest extends OnceKeyContract {
    @RegisterExtension
    final H2Extension h2 = new H2Extension();

    @Override
    HistoryStore store(String node) {
        return h2.store(node);
    }
}
