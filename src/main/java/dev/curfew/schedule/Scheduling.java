package dev.curfew.schedule;

import dev.curfew.CurfewException;
import dev.curfew.config.JobStoreConfig;
import dev.curfew.config.ServerConfig;
import dev.curfew.history.HistoryStore;
import dev.curfew.policy.Policy;
import dev.curfew.session.ServerName;
import dev.curfew.sweep.Sweeper;
import dev.curfew.sweep.Sweeps;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.utils.DBConnectionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Quartz side of the daemon: per server a sweep every interval, the end-of-day closing (a cron
 * trigger on a holiday calendar) and its warnings, and one-shot due checks, each kind run by a job
 * class of its own ({@link SweepJob}, {@link DueCheckJob}, {@link ClosingJob},
 * {@link ClosingWarningJob}) calling {@link Sweeps}; and the housekeeping tasks
 * ({@link HousekeepingJob}). A bounded pool of {@code parallelism} threads runs them; one server's
 * firings never overlap, in a cluster too ({@link ServerJob}), and sweeps missed during a pause
 * are not caught up one by one.
 *
 * <pre>{@code
 * Scheduling scheduling = new Scheduling(sweeper, engine::policy, 8, clock);
 * scheduling.start(servers);
 * scheduling.shutdown(30);
 * }</pre>
 */
public final class Scheduling implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Scheduling.class);

    private final Scheduler scheduler;
    private final Supplier<Policy> policy;
    private final Clock clock;
    private final QuartzTimetable timetable;
    private final ServerTriggers servers;
    private final Map<String, Runnable> tasks = new ConcurrentHashMap<>();
    private final DatabaseWatch watch;

    /** A scheduler of its own in this JVM, on the RAM job store. */
    public Scheduling(Sweeper sweeper, Supplier<Policy> policy, int parallelism, Clock clock) {
        this(sweeper, policy, parallelism, JobStoreConfig.ram(), clock, "curfew-" + UUID.randomUUID());
    }

    /**
     * With a {@code jdbc} store this daemon is a node of a Quartz cluster on that database: its
     * tables are created or upgraded first, and each firing runs on exactly one node. {@code name}
     * tells this scheduler and its connection pool from any other in the JVM.
     */
    public Scheduling(Sweeper sweeper, Supplier<Policy> policy, int parallelism, JobStoreConfig store, Clock clock,
            String name) {
        this.policy = policy;
        this.clock = clock;
        if (store.clustered()) {
            QuartzTables.migrate(store);
        }
        try {
            this.scheduler = new StdSchedulerFactory(QuartzProperties.of(name, parallelism, store)).getScheduler();
        } catch (SchedulerException e) {
            throw new CurfewException("cannot create the scheduler: " + e.getMessage(), e);
        }
        this.watch = store.clustered() ? new DatabaseWatch(store.url(),
                () -> DBConnectionManager.getInstance().getConnection(name), store.checkinInterval(), clock) : null;
        this.timetable = new QuartzTimetable(scheduler);
        Sweeps sweeps = new Sweeps(sweeper, timetable, policy, clock);
        this.servers = new ServerTriggers(scheduler, sweeps);
        try {
            scheduler.setJobFactory((bundle, s) -> switch (Keys.kind(bundle.getTrigger())) {
                case SWEEP -> new SweepJob(sweeps);
                case DUE_CHECK -> new DueCheckJob(sweeps);
                case CLOSING -> new ClosingJob(sweeps);
                case CLOSING_WARNING -> new ClosingWarningJob(sweeps);
                case HOUSEKEEPING -> new HousekeepingJob(tasks.get(bundle.getJobDetail().getKey().getName()));
            });
            scheduler.getListenerManager().addSchedulerListener(new QuartzErrors(watch));
            scheduler.getListenerManager().addTriggerListener(new MisfireLog());
        } catch (SchedulerException e) {
            throw new CurfewException("cannot set up the scheduler: " + e.getMessage(), e);
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

    /** The servers that have jobs now. */
    public synchronized List<ServerName> servers() {
        try {
            return scheduler.getJobGroupNames().stream().filter(g -> !g.equals(Keys.TASKS)).sorted()
                    .map(ServerName::of).toList();
        } catch (SchedulerException e) {
            throw new CurfewException("cannot read the schedule: " + e.getMessage(), e);
        }
    }

    /** When {@code server}'s next closing fires, or null when there is none. */
    public Instant nextClosing(ServerName server) {
        return timetable.nextClosing(server);
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
        this.servers.apply(servers, policy.get());
    }

    /**
     * Handles the closing missed while curfew was down (since {@code lastSeen}, its last recorded
     * sweep): fired once now when less than {@code grace} old, otherwise skipped and the skip recorded;
     * and the closing of the last {@code grace} this node began and did not finish (it was killed),
     * finished now (resumed, and not fired again as missed). Returns the missed closing's instant, or null.
     */
    public Instant catchUpClosing(List<ServerConfig> servers, Instant lastSeen, Instant now, Duration grace,
            HistoryStore history) {
        // The resumed ones first: a closing begun before the kill is also "missed" when no sweep was recorded
        // after it, and fired as missed (not resumed) it would skip every session whose action is in doubt.
        List<ServerName> resumed = MissedClosings.resume(timetable, policy.get(), servers, now, grace, history);
        List<ServerConfig> rest = servers.stream().filter(s -> !resumed.contains(s.name())).toList();
        return MissedClosings.catchUp(timetable, policy.get(), rest, lastSeen, now, grace, history);
    }

    /**
     * Runs {@code task} {@code delay} from now and then every {@code interval} (housekeeping such as
     * the history purge). A task that throws is logged and runs again at its next time.
     */
    public void every(String name, Duration delay, Duration interval, Runnable task) {
        tasks.put(name, task);
        JobDetail job = JobBuilder.newJob(HousekeepingJob.class).withIdentity(JobKey.jobKey(name, Keys.TASKS)).build();
        Trigger trigger = TriggerBuilder.newTrigger().withIdentity(name, Keys.TASKS)
                .startAt(Date.from(clock.instant().plus(delay)))
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

    /** {@code running}, {@code standby} (not firing: starting or stopping) or {@code stopped}. */
    public String state() {
        try {
            return scheduler.isShutdown() ? "stopped" : scheduler.isInStandbyMode() || !scheduler.isStarted() ? "standby"
                    : "running";
        } catch (SchedulerException e) {
            return "stopped";
        }
    }

    /** Tells {@code lateness} how long after its instant each due check of this node started. */
    public void onDueCheck(java.util.function.Consumer<Duration> lateness) {
        try {
            scheduler.getListenerManager().addTriggerListener(new org.quartz.listeners.TriggerListenerSupport() {
                @Override
                public String getName() {
                    return "curfew-due-lateness";
                }

                @Override
                public void triggerFired(Trigger trigger, org.quartz.JobExecutionContext context) {
                    if (Keys.kind(trigger.getKey()) == Keys.Kind.DUE_CHECK && context.getScheduledFireTime() != null) {
                        lateness.accept(Duration.between(context.getScheduledFireTime().toInstant(), clock.instant()));
                    }
                }
            });
        } catch (SchedulerException e) {
            throw new CurfewException("cannot watch the scheduler: " + e.getMessage(), e);
        }
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
}
