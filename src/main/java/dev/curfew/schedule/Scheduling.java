package dev.curfew.schedule;

import dev.curfew.CurfewException;
import dev.curfew.config.Durations;
import dev.curfew.config.JobStoreConfig;
import dev.curfew.config.ServerConfig;
import dev.curfew.history.HistoryStore;
import dev.curfew.policy.Policy;
import dev.curfew.session.ServerName;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TimeZone;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.SimpleTrigger;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.matchers.GroupMatcher;
import org.quartz.utils.DBConnectionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Quartz side of the daemon: per server one job, fired by its sweep trigger every interval,
 * by the end-of-day closing (a cron trigger on a holiday calendar) and its warnings, and by
 * one-shot due checks. A bounded pool of {@code parallelism} threads runs them; one server's
 * firings never overlap, and sweeps missed during a pause are not caught up one by one.
 *
 * <pre>{@code
 * Scheduling scheduling = new Scheduling(sweeper, engine::policy, 8);
 * scheduling.start(servers);
 * scheduling.shutdown(30);
 * }</pre>
 */
public final class Scheduling implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Scheduling.class);
    /** How late a firing may start, waiting for a thread, before Quartz counts it as misfired. */
    static final Duration MISFIRE_THRESHOLD = Duration.ofSeconds(60);

    private static final String TASK_GROUP = "tasks";

    private final Scheduler scheduler;
    private final Supplier<Policy> policy;
    private final ClosingPlanner closings;
    private final Map<String, Runnable> tasks = new ConcurrentHashMap<>();
    private final DatabaseWatch watch;

    public Scheduling(Sweeper sweeper, Supplier<Policy> policy, int parallelism) {
        this(sweeper, policy, parallelism, JobStoreConfig.ram());
    }

    /**
     * With a {@code jdbc} store this daemon is a node of a Quartz cluster on that database: its
     * tables are created or upgraded first, and each firing runs on exactly one node.
     */
    public Scheduling(Sweeper sweeper, Supplier<Policy> policy, int parallelism, JobStoreConfig store) {
        this.policy = policy;
        String dataSource = "curfew-" + System.identityHashCode(this);
        if (store.clustered()) {
            QuartzTables.migrate(store);
        }
        this.scheduler = create(parallelism, store, dataSource);
        this.watch = store.clustered() ? new DatabaseWatch(store.url(),
                () -> DBConnectionManager.getInstance().getConnection(dataSource), store.checkinInterval()) : null;
        this.closings = new ClosingPlanner(() -> scheduler, policy);
        DueCheckPlanner dueChecks = new DueCheckPlanner(scheduler);
        try {
            scheduler.setJobFactory((bundle, s) -> bundle.getJobDetail().getJobClass() == TaskJob.class
                    ? new TaskJob(tasks.get(bundle.getJobDetail().getKey().getName()))
                    : new SweepJob(sweeper, closings, dueChecks));
            scheduler.getListenerManager().addSchedulerListener(new QuartzErrors(watch));
            scheduler.getListenerManager().addTriggerListener(new MisfireLog());
        } catch (SchedulerException e) {
            throw new CurfewException("cannot set up the scheduler: " + e.getMessage(), e);
        }
    }

    private static Scheduler create(int threads, JobStoreConfig store, String dataSource) {
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", "curfew");
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        p.setProperty("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
        p.setProperty("org.quartz.threadPool.threadCount", Integer.toString(threads));
        p.setProperty("org.quartz.threadPool.threadNamePrefix", "curfew-sweep");
        // A firing that waits for a free thread is not a misfire: a fleet's sweeps and its closing all
        // fire at the same instant and queue for the pool, and with a threshold of a second all but the
        // first two pool-fulls were dropped (measured by curfew bench). Sweeps still do not pile up after
        // a pause: SweepJob skips a sweep whose next firing is already due.
        p.setProperty("org.quartz.jobStore.misfireThreshold", Long.toString(MISFIRE_THRESHOLD.toMillis()));
        if (store.clustered()) {
            String checkin = Long.toString(store.checkinInterval().toMillis());
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
            p.setProperty("org.quartz.jobStore.dataSource", dataSource);
            String ds = "org.quartz.dataSource." + dataSource + ".";
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
        } else {
            p.setProperty("org.quartz.scheduler.instanceId", "curfew-" + System.identityHashCode(p));
            p.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
        }
        try {
            StdSchedulerFactory factory = new StdSchedulerFactory(p);
            return factory.getScheduler();
        } catch (SchedulerException e) {
            throw new CurfewException("cannot create the scheduler: " + e.getMessage(), e);
        }
    }

    /** Whether this daemon is a node of a cluster (the JDBC job store). */
    public boolean clustered() {
        return watch != null;
    }

    /** The Quartz instance id of this node: unique in the cluster, made at each start. */
    public String instanceId() {
        try {
            return scheduler.getSchedulerInstanceId();
        } catch (SchedulerException e) {
            return "?";
        }
    }

    Scheduler scheduler() {
        return scheduler;
    }

    /** The servers that have a sweep job now. */
    public synchronized List<ServerName> servers() {
        try {
            return scheduler.getJobGroupNames().stream().filter(g -> !g.equals(TASK_GROUP)).sorted()
                    .map(ServerName::of).toList();
        } catch (SchedulerException e) {
            throw new CurfewException("cannot read the schedule: " + e.getMessage(), e);
        }
    }

    /** When {@code server}'s next closing fires, or null when there is none. */
    public Instant nextClosing(ServerName server) {
        try {
            Trigger t = scheduler.getTrigger(ClosingPlanner.closingKey(server));
            return t == null || t.getNextFireTime() == null ? null : t.getNextFireTime().toInstant();
        } catch (SchedulerException e) {
            throw new CurfewException("cannot read the schedule: " + e.getMessage(), e);
        }
    }

    /** Schedules the sweeps and closings of {@code servers} and starts firing. */
    public void start(List<ServerConfig> servers) {
        try {
            apply(servers);
            scheduler.start();
            if (watch != null) {
                watch.start();
            }
        } catch (SchedulerException e) {
            throw new CurfewException("cannot start the scheduler: " + e.getMessage(), e);
        }
    }

    /**
     * Makes the schedule match {@code servers} and the current policy: new servers are added,
     * removed ones dropped, changed intervals and closing times rescheduled. Used at start and
     * when the configuration is reloaded.
     */
    public synchronized void apply(List<ServerConfig> servers) throws SchedulerException {
        Set<String> wanted = new HashSet<>();
        Policy p = policy.get();
        HolidayCalendars.install(scheduler, p);
        for (ServerConfig server : servers) {
            wanted.add(server.name().value());
            schedule(server, p);
        }
        for (String group : scheduler.getJobGroupNames()) {
            if (!wanted.contains(group) && !group.equals(TASK_GROUP)) {
                JobKey key = JobKey.jobKey("sweep", group);
                try {
                    scheduler.deleteJob(key);
                } catch (SchedulerException e) {
                    // A one-shot trigger of the job (a due check) completed while it was being deleted.
                    if (scheduler.checkExists(key)) {
                        scheduler.deleteJob(key);
                    }
                }
                log.info("{}: no longer swept", group);
            }
        }
    }

    /**
     * Adds what is missing and changes what differs, nothing else: several nodes of a cluster apply
     * the same servers at the same time, and a node that joins must not move the others' schedule.
     */
    private void schedule(ServerConfig server, Policy p) throws SchedulerException {
        String name = server.name().value();
        JobKey jobKey = JobKey.jobKey("sweep", name);
        if (!scheduler.checkExists(jobKey)) {
            try {
                scheduler.addJob(JobBuilder.newJob(SweepJob.class).withIdentity(jobKey)
                        .usingJobData(SweepJob.SERVER, name).storeDurably().build(), false);
            } catch (ObjectAlreadyExistsException e) {
                log.debug("{}: job added by another node", name);
            }
        }
        TriggerKey sweepKey = TriggerKey.triggerKey("sweep", name);
        Trigger existing = scheduler.getTrigger(sweepKey);
        long interval = server.interval().toMillis();
        if (!(existing instanceof SimpleTrigger st) || st.getRepeatInterval() != interval) {
            Trigger sweep = TriggerBuilder.newTrigger().withIdentity(sweepKey).forJob(jobKey).startNow()
                    .withSchedule(SimpleScheduleBuilder.simpleSchedule().withIntervalInMilliseconds(interval)
                            .repeatForever().withMisfireHandlingInstructionNextWithRemainingCount())
                    .build();
            put(scheduler, existing == null ? null : sweepKey, sweep);
            log.debug("{}: sweep every {} ms", name, interval);
        }
        scheduleClosing(server.name(), jobKey, p);
    }

    /** Schedules {@code t}, or replaces the trigger of its key when one exists or another node just made it. */
    static void put(Scheduler scheduler, TriggerKey existing, Trigger t) throws SchedulerException {
        if (existing == null) {
            try {
                scheduler.scheduleJob(t);
                return;
            } catch (ObjectAlreadyExistsException e) {
                log.debug("{}: scheduled by another node; replacing", t.getKey());
            }
        }
        if (scheduler.rescheduleJob(t.getKey(), t) == null) {
            try {
                scheduler.scheduleJob(t);
            } catch (ObjectAlreadyExistsException e) {
                log.debug("{}: scheduled by another node", t.getKey());
            }
        }
    }

    private void scheduleClosing(ServerName server, JobKey jobKey, Policy p) throws SchedulerException {
        TriggerKey key = ClosingPlanner.closingKey(server);
        Trigger existing = scheduler.getTrigger(key);
        if (p.closing().at() == null) {
            scheduler.unscheduleJob(key);
            for (TriggerKey warning : scheduler.getTriggerKeys(GroupMatcher.triggerGroupEquals(server.value()))) {
                if (warning.getName().startsWith("closing-warning-")) {
                    scheduler.unscheduleJob(warning);
                }
            }
            return;
        }
        TimeZone zone = TimeZone.getTimeZone(p.zone());
        boolean same = existing instanceof CronTrigger ct && ct.getCronExpression().equals(p.closing().at())
                && ct.getTimeZone().getID().equals(zone.getID()) && HolidayCalendars.NAME.equals(ct.getCalendarName());
        if (!same) {
            Trigger closing = TriggerBuilder.newTrigger().withIdentity(key).forJob(jobKey)
                    .withSchedule(CronScheduleBuilder.cronSchedule(p.closing().at())
                            .inTimeZone(zone).withMisfireHandlingInstructionDoNothing())
                    .modifiedByCalendar(HolidayCalendars.NAME)
                    .usingJobData(SweepJob.SERVER, server.value())
                    .usingJobData(SweepJob.LEAD_SECONDS, 0L)
                    .build();
            put(scheduler, existing == null ? null : key, closing);
        }
        closings.planWarnings(server);
    }

    /**
     * Handles the closing missed while curfew was down (since {@code lastSeen}, its last recorded
     * sweep): fired once now when less than {@code grace} old, otherwise skipped and the skip recorded.
     * Returns the closing instant found, or null.
     */
    public Instant catchUpClosing(List<ServerConfig> servers, Instant lastSeen, Instant now, Duration grace,
            HistoryStore history) {
        Policy p = policy.get();
        Instant missed = MissedClosing.lastBetween(p, lastSeen, now);
        if (missed == null) {
            return null;
        }
        Duration age = Duration.between(missed, now);
        for (ServerConfig server : servers) {
            if (age.compareTo(grace) <= 0) {
                log.info("{}: closing of {} was missed while curfew was down ({} ago): closing now", server.name(),
                        missed, Durations.format(age.withNanos(0)));
                try {
                    fireMissedClosing(server.name(), missed);
                } catch (SchedulerException e) {
                    log.error("{}: cannot fire the missed closing: {}", server.name(), e.getMessage());
                }
            } else {
                String note = "closing of " + missed + " missed while curfew was down (" + Durations.format(age.withNanos(0))
                        + " ago, more than schedule.misfireGrace " + Durations.format(grace) + "): skipped";
                log.warn("{}: {}", server.name(), note);
                history.recordSweep(server.name().value(), now, 0, 0, note);
            }
        }
        return missed;
    }

    /** Fires a closing of {@code at} now, for one missed while curfew was down. */
    void fireMissedClosing(ServerName server, java.time.Instant at) throws SchedulerException {
        Trigger t = TriggerBuilder.newTrigger().withIdentity("closing-missed-" + at.toEpochMilli(), server.value())
                .forJob(JobKey.jobKey("sweep", server.value())).startNow()
                .usingJobData(SweepJob.SERVER, server.value())
                .usingJobData(SweepJob.CLOSING_AT, at.toEpochMilli())
                .usingJobData(SweepJob.LEAD_SECONDS, 0L)
                .build();
        try {
            scheduler.scheduleJob(t);
        } catch (ObjectAlreadyExistsException e) {
            log.info("{}: the missed closing of {} is being done by another node", server, at);
        }
    }

    /**
     * Runs {@code task} {@code delay} from now and then every {@code interval} (housekeeping such as
     * the history purge). A task that throws is logged and runs again at its next time.
     */
    public void every(String name, Duration delay, Duration interval, Runnable task) {
        tasks.put(name, task);
        JobDetail job = JobBuilder.newJob(TaskJob.class).withIdentity(JobKey.jobKey(name, TASK_GROUP)).build();
        Trigger trigger = TriggerBuilder.newTrigger().withIdentity(name, TASK_GROUP)
                .startAt(Date.from(Instant.now().plus(delay)))
                .withSchedule(SimpleScheduleBuilder.simpleSchedule().withIntervalInMilliseconds(interval.toMillis())
                        .repeatForever().withMisfireHandlingInstructionNextWithRemainingCount())
                .build();
        try {
            // In a cluster the first node to start stores the task; the others find it there.
            if (!scheduler.checkExists(job.getKey())) {
                scheduler.scheduleJob(job, trigger);
            }
        } catch (org.quartz.ObjectAlreadyExistsException e) {
            log.debug("{}: already scheduled by another node", name);
        } catch (SchedulerException e) {
            throw new CurfewException("cannot schedule " + name + ": " + e.getMessage(), e);
        }
        log.debug("{}: every {}, first in {}", name, interval, delay);
    }

    /** Stops firing and waits up to {@code seconds} for running sweeps; safe to call twice. */
    public void shutdown(long seconds) {
        if (watch != null) {
            watch.stop();
        }
        try {
            if (scheduler.isShutdown()) {
                return;
            }
            scheduler.standby();
            Thread waiter = new Thread(() -> {
                try {
                    scheduler.shutdown(true);
                } catch (SchedulerException e) {
                    log.warn("scheduler shutdown: {}", e.getMessage());
                }
            }, "curfew-shutdown");
            waiter.start();
            waiter.join(TimeUnit.SECONDS.toMillis(seconds));
            if (waiter.isAlive()) {
                log.warn("sweeps still running after {}s; stopping without them", seconds);
            }
        } catch (SchedulerException e) {
            log.warn("scheduler shutdown: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        shutdown(30);
    }

    /** Says when a firing was dropped because it waited longer than the threshold: the pool is too small. */
    private static final class MisfireLog extends org.quartz.listeners.TriggerListenerSupport {
        @Override
        public String getName() {
            return "curfew-misfires";
        }

        @Override
        public void triggerMisfired(Trigger trigger) {
            log.warn("{}: {} started more than {} s late and was skipped (sweep.parallelism too small for the fleet?)",
                    trigger.getKey().getGroup(), trigger.getKey().getName(), MISFIRE_THRESHOLD.toSeconds());
        }
    }
}
