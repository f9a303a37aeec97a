package dev.curfew.schedule;

import dev.curfew.config.JobStoreConfig;
import java.time.Duration;
import java.util.Properties;

/**
 * The properties of curfew's Quartz scheduler: a bounded thread pool and the RAM job store, or the
 * JDBC job store of a cluster with its HikariCP pool ({@link QuartzConnections}). Quartz keeps its
 * schedulers and data sources in JVM-wide registries by name, so each scheduler gets a name of
 * its own ({@code name}); the nodes of one cluster share the scheduler's instance name.
 */
final class QuartzProperties {
    /** How late a firing may start, waiting for a thread, before Quartz counts it as misfired. */
    static final Duration MISFIRE_THRESHOLD = Duration.ofSeconds(60);

    private QuartzProperties() {
    }

    static Properties of(String name, int threads, JobStoreConfig store) {
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        p.setProperty("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
        p.setProperty("org.quartz.threadPool.threadCount", Integer.toString(threads));
        p.setProperty("org.quartz.threadPool.threadNamePrefix", "curfew-sweep");
        // A firing that waits for a free thread is not a misfire: a fleet's sweeps and its closing all
        // fire at the same instant and queue for the pool. Sweeps still do not pile up after a pause:
        // SweepJob skips a sweep whose next firing is already due.
        p.setProperty("org.quartz.jobStore.misfireThreshold", Long.toString(MISFIRE_THRESHOLD.toMillis()));
        if (!store.clustered()) {
            p.setProperty("org.quartz.scheduler.instanceName", name);
            p.setProperty("org.quartz.scheduler.instanceId", name);
            p.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
            return p;
        }
        String checkin = Long.toString(store.checkinInterval().toMillis());
        p.setProperty("org.quartz.scheduler.instanceName", "curfew");
        p.setProperty("org.quartz.scheduler.instanceId", "AUTO");
        p.setProperty("org.quartz.scheduler.dbFailureRetryInterval", checkin);
        p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        p.setProperty("org.quartz.jobStore.driverDelegateClass", store.vendor().equals("postgresql")
                ? "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate" : "org.quartz.impl.jdbcjobstore.StdJDBCDelegate");
        p.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
        p.setProperty("org.quartz.jobStore.isClustered", "true");
        p.setProperty("org.quartz.jobStore.clusterCheckinInterval", checkin);
        p.setProperty("org.quartz.jobStore.dbRetryInterval", checkin);
        p.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
        p.setProperty("org.quartz.jobStore.dataSource", name);
        String ds = "org.quartz.dataSource." + name + ".";
        p.setProperty(ds + "connectionProvider.class", QuartzConnections.class.getName());
        p.setProperty(ds + "url", store.url());
        if (QuartzTables.user(store) != null) {
            p.setProperty(ds + "user", QuartzTables.user(store));
        }
        if (store.password() != null) {
            p.setProperty(ds + "password", store.password());
        }
        // Each worker thread, the scheduler thread, the misfire handler and the cluster check-in.
        p.setProperty(ds + "maxConnections", Integer.toString(threads + 3));
        p.setProperty(ds + "poolName", "curfew-quartz");
        return p;
    }
}
