package dev.curfew.report;

import dev.curfew.history.H2Extension;
import dev.curfew.history.HistoryStore;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The report contract on a fresh in-memory H2 per test. */
class H2ReportTest extends ReportContract {
    @RegisterExtension
    final H2Extension h2 = new H2Extension();

    @Override
    HistoryStore store() {
        return h2.store();
    }
}
