package dev.curfew.schedule;

import dev.curfew.CurfewException;
import dev.curfew.config.ServerConfig;
import dev.curfew.policy.Policy;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TimeZone;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.quartz.CronScheduleBuilder;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Quartz side of the daemon: one sweep job per server, fired every interval by a bounded pool,
 * plus the end-of-day closing as a cron trigger and its warnings.
 *
 * <pre>{@code
 * Scheduling scheduling = new Scheduling(sweeper, engine::policy, parallelism);
 * scheduling.start(servers);
 * ...
 * scheduling.shutdown();
 * }</pre>
 */
public final class Scheduling implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Scheduling.class);

    private final Scheduler scheduler;
    private final Supplier<Policy> policy;
    private final ClosingPlanner planner;
    private final Map<String, Runnable> tasks = new ConcurrentHashMap<>();

    public Scheduling(Sweeper sweeper, Supplier<Policy> policy, int parallelism) {
        this.policy = policy;
        this.scheduler = create(parallelism);
        this.planner = new ClosingPlanner(() -> scheduler, policy);
        try {
            scheduler.setJobFactory((bundle, s) -> bundle.getJobDetail().getJobClass() == TaskJob.class
                    ? new TaskJob(tasks.get(bundle.getJobDetail().getKey().getName()))
                    : new SweepJob(sweeper, planner));
        } catch (SchedulerException e) {
            throw new CurfewException("cannot set up the scheduler: " + e.getMessage(), e);
        }
    }

    private static Scheduler create(int threads) {
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", "curfew");
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        p.setProperty("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
        p.setProperty("org.quartz.threadPool.threadCount", Integer.toString(threads));
        p.setProperty("org.quartz.threadPool.threadNamePrefix", "curfew-sweep");
        p.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
        p.setProperty("org.quartz.jobStore.misfireThreshold", "5000");
        try {
            return new StdSchedulerFactory(p).getScheduler();
        } catch (SchedulerException e) {
            throw new CurfewException("cannot create the scheduler: " + e.getMessage(), e);
        }
    }

    /** Schedules the sweeps and closings of {@code servers} and starts firing. */
    public void start(List<ServerConfig> servers) {
        try {
            for (ServerConfig server : servers) {
                schedule(server);
            }
            scheduler.start();
        } catch (SchedulerException e) {
            throw new CurfewException("cannot start the scheduler: " + e.getMessage(), e);
        }
    }

    private void schedule(ServerConfig server) throws SchedulerException {
        String name = server.name().value();
        JobDetail job = JobBuilder.newJob(SweepJob.class).withIdentity(JobKey.jobKey("sweep", name))
                .usingJobData(SweepJob.SERVER, name).storeDurably().build();
        Trigger sweep = TriggerBuilder.newTrigger().withIdentity("sweep", name).forJob(job).startNow()
                .withSchedule(SimpleScheduleBuilder.simpleSchedule()
                        .withIntervalInMilliseconds(server.interval().toMillis()).repeatForever()
                        .withMisfireHandlingInstructionNextWithRemainingCount())
                .build();
        scheduler.addJob(job, true);
        scheduler.scheduleJob(sweep);
        Policy p = policy.get();
        if (p.closingAt() != null) {
            Trigger closing = TriggerBuilder.newTrigger().withIdentity(ClosingPlanner.closingKey(server.name()))
                    .forJob(job)
                    .withSchedule(CronScheduleBuilder.cronSchedule(p.closingAt())
                            .inTimeZone(TimeZone.getTimeZone(p.zone())).withMisfireHandlingInstructionDoNothing())
                    .usingJobData(SweepJob.SERVER, name)
                    .usingJobData(SweepJob.LEAD_SECONDS, 0L)
                    .build();
            Date first = scheduler.scheduleJob(closing);
            planner.planWarnings(server.name());
            log.debug("{}: closing at {}", name, first);
        }
        log.debug("{}: sweep every {}", name, server.interval());
    }

    /**
     * Runs {@code task} {@code delay} from now and then every {@code interval} (housekeeping such as
     * the history purge). A task that throws is logged and runs again at its next time.
     */
    public void every(String name, Duration delay, Duration interval, Runnable task) {
        tasks.put(name, task);
        JobDetail job = JobBuilder.newJob(TaskJob.class).withIdentity(JobKey.jobKey(name, "tasks")).build();
        Trigger trigger = TriggerBuilder.newTrigger().withIdentity(name, "tasks")
                .startAt(Date.from(Instant.now().plus(delay)))
                .withSchedule(SimpleScheduleBuilder.simpleSchedule().withIntervalInMilliseconds(interval.toMillis())
                        .repeatForever().withMisfireHandlingInstructionNextWithRemainingCount())
                .build();
        try {
            scheduler.scheduleJob(job, trigger);
        } catch (SchedulerException e) {
            throw new CurfewException("cannot schedule " + name + ": " + e.getMessage(), e);
        }
        log.debug("{}: every {}, first in {}", name, interval, delay);
    }

    /** Stops firing and waits up to {@code seconds} for running sweeps; safe to call twice. */
    public void shutdown(long seconds) {
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
