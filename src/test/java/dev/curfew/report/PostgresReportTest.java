package dev.curfew.report;

import dev.curfew.history.HistoryStore;
import dev.curfew.history.PostgresExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The report contract on a real PostgreSQL server, a fresh database per test. */
class PostgresReportTest extends ReportContract {
    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    @Override
    HistoryStore store() {
        return POSTGRES.store();
    }
}
