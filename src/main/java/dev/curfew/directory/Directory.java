package dev.curfew.directory;

import com.unboundid.ldap.sdk.LDAPException;
import dev.curfew.config.DirectoryConfig;
import dev.curfew.session.LogonHours;
import dev.curfew.session.Session;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session users' groups from LDAP or Active Directory, for the rules. A sweep only reads what
 * is known ({@link #withGroups}, never a call to the directory); a user not yet known, or known
 * longer than the cache time, is looked up by this directory's own thread, so the next sweep has
 * the groups. While the directory does not answer, the last known groups are used and users never
 * looked up have none ({@link Session#groupsKnown()} false); the outage is logged and reported to
 * the listener once, and again when the directory answers.
 *
 * <pre>{@code
 * try (Directory directory = Directory.open(config.directory(), password, status -> ..., clock)) {
 *     Session s = directory.withGroups(session);   // s.memberOf("Students")
 * }
 * }</pre>
 */
public final class Directory implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Directory.class);
    /** While the directory is down, lookups wait this long before one of them tries it again. */
    static final Duration RETRY = Duration.ofSeconds(30);

    private final DirectoryConfig config;
    private final LdapGroups ldap;
    private final Consumer<Status> listener;
    private final Clock clock;
    private final ExecutorService lookups;
    private final Map<String, Known> known = new ConcurrentHashMap<>();
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private volatile Status status;
    private volatile Instant retryAt = Instant.MIN;
    private volatile Instant nextTrim;

    /** What a lookup found of a user, {@code at} when; {@code seen} when a sweep last asked for it. */
    private static final class Known {
        final Set<String> groups;
        final LogonHours logonHours;
        final Instant at;
        volatile Instant seen;

        Known(Set<String> groups, LogonHours logonHours, Instant at) {
            this.groups = groups;
            this.logonHours = logonHours;
            this.at = at;
            this.seen = at;
        }
    }

    /**
     * Whether the directory answers: {@code since} when it started or stopped answering,
     * {@code error} what it last said when it does not.
     */
    public record Status(boolean up, Instant since, String error) {
    }

    private Directory(DirectoryConfig config, LdapGroups ldap, Consumer<Status> listener, Clock clock) {
        this.config = config;
        this.ldap = ldap;
        this.listener = listener;
        this.clock = clock;
        this.status = new Status(true, clock.instant(), null);
        this.nextTrim = clock.instant().plus(forgetAfter());
        this.lookups = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "curfew-directory");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Opens the directory and binds once, so that a refused account or password stops the start
     * ({@link BadCredentials}); a directory that does not answer is an outage, not an error.
     */
    public static Directory open(DirectoryConfig config, String password, Consumer<Status> listener, Clock clock) {
        LdapGroups ldap = new LdapGroups(config, password, clock);
        Directory d = new Directory(config, ldap, listener, clock);
        try {
            ldap.connect();
            log.info("Directory: {} answers, groups looked up below {} by {}, kept {}", String.join(", ", config.url()),
                    config.baseDn(), config.userAttribute(), dev.curfew.config.Durations.format(config.cacheTime()));
        } catch (LDAPException e) {
            if (LdapGroups.badCredentials(e)) {
                ldap.close();
                d.lookups.shutdownNow();
                throw new BadCredentials("the directory refused the bind as \"" + config.bindDn() + "\": "
                        + e.getResultCode() + " (check the password and the bind account)", e);
            }
            d.down(e);
        }
        return d;
    }

    /** The directory refused the bind account or its password. */
    public static final class BadCredentials extends DirectoryException {
        private static final long serialVersionUID = 1L;

        BadCredentials(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public Status status() {
        return status;
    }

    /**
     * The session with its user's groups and logon hours as known now, the groups qualified with the
     * configured domain or the session's; asks for a lookup when the user is unknown or known longer
     * than the cache time. A user never looked up has unknown groups and no logon hours.
     */
    public Session withGroups(Session s) {
        if (!s.userPresent()) {
            return s;
        }
        String key = s.user().toLowerCase(Locale.ROOT);
        Instant now = clock.instant();
        Known k = known.get(key);
        if (k == null || !now.isBefore(k.at.plus(config.cacheTime()))) {
            lookUp(key, s.user());
        }
        if (!now.isBefore(nextTrim)) {
            trimLater(now);
        }
        if (k == null) {
            return s.withGroups(Set.of(), false);
        }
        k.seen = now;
        String domain = config.domain() != null ? config.domain() : s.domain();
        List<String> names = new ArrayList<>(k.groups.size());
        for (String g : k.groups) {
            names.add(domain.isEmpty() ? g : domain + "\\" + g);
        }
        return s.withGroups(names, true).withLogonHours(k.logonHours);
    }

    /** The sessions with their groups, as {@link #withGroups(Session)}. */
    public List<Session> withGroups(List<Session> sessions) {
        return sessions.stream().map(this::withGroups).toList();
    }

    /** How many users' lookups are queued or running, for tests and the health. */
    public int pending() {
        return pending.size();
    }

    private void lookUp(String key, String user) {
        if (!pending.add(key)) {
            return;
        }
        try {
            lookups.execute(() -> run(key, user));
        } catch (RejectedExecutionException closed) {
            pending.remove(key);
        }
    }

    /** One lookup, on the directory's thread; nothing escapes it. */
    private void run(String key, String user) {
        try {
            if (!status.up() && clock.instant().isBefore(retryAt)) {
                return;
            }
            LdapGroups.Found found = ldap.lookUp(user);
            up();   // told before the groups are seen, so the recovery is recorded before a sweep uses them
            known.put(key, new Known(Set.copyOf(found.groups()), found.logonHours(), clock.instant()));
        } catch (LDAPException e) {
            if (!lookups.isShutdown()) {   // a lookup cut short by the close says nothing of the directory
                down(e);
            }
        } catch (RuntimeException e) {
            log.warn("Directory: the lookup of {} failed: {}", user, e.toString());
        } finally {
            pending.remove(key);
        }
    }

    /**
     * How long a user no sweep asked for is kept: users come and go, and 50,000 of them would
     * otherwise stay in memory for the daemon's life. Long enough to outlast an outage's gaps.
     */
    private Duration forgetAfter() {
        Duration fourCacheTimes = config.cacheTime().multipliedBy(4);
        return fourCacheTimes.compareTo(Duration.ofHours(1)) > 0 ? fourCacheTimes : Duration.ofHours(1);
    }

    /** Drops, on the directory's thread, the users and groups not asked for within {@link #forgetAfter}. */
    private void trimLater(Instant now) {
        nextTrim = now.plus(forgetAfter().dividedBy(4));
        Instant horizon = now.minus(forgetAfter());
        try {
            lookups.execute(() -> {
                int before = known.size();
                known.values().removeIf(k -> k.seen.isBefore(horizon));
                ldap.forgetGroupsReadBefore(horizon);
                if (known.size() < before) {
                    log.debug("Directory: {} users not seen since {} forgotten, {} kept", before - known.size(),
                            horizon, known.size());
                }
            });
        } catch (RejectedExecutionException closed) {
            // closing: nothing to keep small any more
        }
    }

    /** How many users are known, for tests and the health. */
    public int knownUsers() {
        return known.size();
    }

    private void up() {
        if (status.up()) {
            return;
        }
        Status now = new Status(true, clock.instant(), null);
        log.info("Directory: answering again after {} down", dev.curfew.config.Durations.format(
                Duration.between(status.since(), now.since()).withNanos(0)));
        tell(now);
        status = now;   // after the listener: whoever sees the new status finds it recorded
    }

    private void down(LDAPException e) {
        retryAt = clock.instant().plus(RETRY);
        if (!status.up()) {
            return;
        }
        String error = e.getResultCode() + (e.getDiagnosticMessage() == null ? "" : ": " + e.getDiagnosticMessage());
        Status now = new Status(false, clock.instant(), error);
        log.warn("Directory: {} not answering ({}): the last known groups are used and users never looked up have"
                + " none; tried again every {} (logged once until it answers)", String.join(", ", config.url()), error,
                dev.curfew.config.Durations.format(RETRY));
        tell(now);
        status = now;
    }

    /** A listener that fails (the history down) does not stop the lookups. */
    private void tell(Status s) {
        try {
            listener.accept(s);
        } catch (RuntimeException e) {
            log.warn("Directory: cannot record that it is {}: {}", s.up() ? "up" : "down", e.getMessage());
        }
    }

    /** Stops the lookups (one under way ends within the timeout) and closes the connection. */
    @Override
    public void close() {
        lookups.shutdownNow();
        try {
            if (!lookups.awaitTermination(config.timeout().toMillis() + 1000, TimeUnit.MILLISECONDS)) {
                log.warn("Directory: a lookup is still running at close");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ldap.close();
    }
}
