package dev.curfew.schedule;

import dev.curfew.CurfewException;
import dev.curfew.config.JobStoreConfig;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * Creates and upgrades Quartz's tables ({@code QRTZ_*}) for the JDBC job store with Flyway, from
 * {@code db/quartz/postgresql} or {@code db/quartz/h2}. They keep their own schema history
 * ({@code quartz_schema_history}) beside the history's, so the two lines of versions never mix and
 * a database that held only the history gets the Quartz tables when clustering is turned on.
 */
final class QuartzTables {
    static final String SCHEMA_HISTORY = "quartz_schema_history";

    private QuartzTables() {
    }

    static void migrate(JobStoreConfig store) {
        try {
            Flyway.configure()
                    .dataSource(store.url(), user(store), store.password() == null ? "" : store.password())
                    .table(SCHEMA_HISTORY)
                    .locations("classpath:db/quartz/" + store.vendor())
                    .baselineOnMigrate(true)
                    .baselineVersion("0")
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            throw new CurfewException(store.url() + ": cannot create the Quartz tables of schedule.store jdbc: "
                    + firstLine(e), e);
        }
    }

    static String user(JobStoreConfig store) {
        return store.user() == null && store.vendor().equals("h2") ? "sa" : store.user();
    }

    private static String firstLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return m.lines().findFirst().orElse(m);
    }
}
