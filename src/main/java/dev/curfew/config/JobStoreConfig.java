package dev.curfew.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Where Quartz keeps the schedule: in memory (one daemon), or in a database shared by several
 * daemons that then form a Quartz cluster. Made by {@link #of} from {@code schedule:} and {@code history:}.
 *
 * <pre>{@code
 * JobStoreConfig store = JobStoreConfig.jdbc("jdbc:postgresql://db/curfew", "curfew", "secret", Duration.ofSeconds(10));
 * store.clustered();   // true
 * }</pre>
 *
 * @param url the JDBC URL of the shared database; null in memory
 * @param checkinInterval how often a node tells the others it is alive; a node silent for longer
 *     (plus Quartz's 7.5 s margin) is taken for dead and its work moves to the others
 */
public record JobStoreConfig(boolean clustered, String url, String user, String password, Duration checkinInterval) {
    public static final Duration DEFAULT_CHECKIN = Duration.ofMillis(7500);

    public JobStoreConfig {
        Objects.requireNonNull(checkinInterval, "checkinInterval");
        if (clustered) {
            Objects.requireNonNull(url, "url");
        }
    }

    /** The in-memory store of a single daemon. */
    public static JobStoreConfig ram() {
        return new JobStoreConfig(false, null, null, null, DEFAULT_CHECKIN);
    }

    /** A node of a cluster on the database at {@code url}. */
    public static JobStoreConfig jdbc(String url, String user, String password, Duration checkinInterval) {
        return new JobStoreConfig(true, url, user, password, checkinInterval);
    }

    /**
     * {@code schedule.store}: ram, or jdbc on {@code schedule.url}, which defaults to a PostgreSQL
     * {@code history.url} (with its account): the usual cluster keeps both in one database.
     */
    static JobStoreConfig of(CurfewConfig.Schedule schedule, CurfewConfig.History history) {
        if (schedule.store() == CurfewConfig.Schedule.Store.RAM) {
            return ram();
        }
        String url = schedule.url();
        if (url == null) {
            if (history.url() == null || !history.url().startsWith("jdbc:postgresql:")) {
                throw new BadValue("schedule.store", "jdbc needs schedule.url, or a PostgreSQL history.url to share "
                        + "(use jdbc:postgresql://host/db)");
            }
            return jdbc(history.url(), history.user(), history.password(), schedule.checkinInterval());
        }
        if (!url.startsWith("jdbc:postgresql:") && !url.startsWith("jdbc:h2:")) {
            throw new BadValue("schedule.url", "\"" + url + "\" is not a supported database URL (use "
                    + "jdbc:postgresql://host/db, or jdbc:h2:tcp://host/path for a trial)");
        }
        return jdbc(url, schedule.user(), schedule.password(), schedule.checkinInterval());
    }

    /** {@code postgresql} or {@code h2}: the folder of the Quartz tables' migration and the delegate to use. */
    public String vendor() {
        return url != null && url.startsWith("jdbc:postgresql:") ? "postgresql" : "h2";
    }

    @Override
    public String toString() {
        return clustered ? "jdbc " + url : "ram";
    }
}
