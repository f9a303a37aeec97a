package dev.curfew.schedule;

import dev.curfew.policy.Closing;
import dev.curfew.session.ServerName;
import dev.curfew.sweep.Timetable;
import java.time.Instant;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.matchers.GroupMatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's {@link Timetable}: the next sweep and closing read from their triggers, due checks
 * and closing warnings added as one-shot triggers. Several nodes of a cluster may plan the same
 * firing at once: a trigger already there for the same instant is left alone.
 */
final class QuartzTimetable implements Timetable {
    private static final Logger log = LoggerFactory.getLogger(QuartzTimetable.class);

    private final Scheduler scheduler;

    QuartzTimetable(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    public Instant nextSweep(ServerName server) {
        return nextFire(Keys.sweep(server));
    }

    @Override
    public Instant nextClosing(ServerName server) {
        return nextFire(Keys.closing(server));
    }

    private Instant nextFire(TriggerKey key) {
        try {
            Trigger t = scheduler.getTrigger(key);
            return t == null || t.getNextFireTime() == null ? null : t.getNextFireTime().toInstant();
        } catch (SchedulerException e) {
            log.warn("{}: cannot read the trigger: {}", key, e.getMessage());
            return null;
        }
    }

    /** One trigger per server and instant; sessions planned into an existing one are added to it. */
    @Override
    public void dueCheck(ServerName server, Instant at, Set<Integer> sessions) {
        TriggerKey key = Keys.due(server, at);
        try {
            Set<Integer> all = new TreeSet<>(sessions);
            Trigger existing = scheduler.getTrigger(key);
            if (existing != null) {
                Set<Integer> planned = DueCheckJob.parse(existing.getJobDataMap().getString(DueCheckJob.SESSIONS));
                all.addAll(planned);
                if (all.size() == planned.size()) {
                    return;
                }
            }
            Trigger t = TriggerBuilder.newTrigger().withIdentity(key).forJob(Keys.job(server))
                    .startAt(Date.from(at))
                    .usingJobData(DueCheckJob.SESSIONS, DueCheckJob.format(all))
                    .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
                    .build();
            put(scheduler, existing == null ? null : key, t);
        } catch (SchedulerException e) {
            log.warn("{}: cannot plan the due check of {} at {}: {}", server, sessions, at, e.getMessage());
        }
    }

    @Override
    public void closingWarnings(ServerName server, List<Closing> warnings) {
        try {
            Set<TriggerKey> wanted = new HashSet<>();
            for (Closing w : warnings) {
                TriggerKey key = Keys.warning(server, w.lead());
                wanted.add(key);
                Instant fire = w.at().minus(w.lead());
                Trigger existing = scheduler.getTrigger(key);
                if (existing != null && existing.getStartTime().toInstant().equals(fire)
                        && existing.getJobKey().equals(Keys.job(server))
                        && existing.getJobDataMap().getLong(ClosingWarningJob.CLOSING_AT) == w.at().toEpochMilli()) {
                    continue;
                }
                Trigger t = TriggerBuilder.newTrigger().withIdentity(key).forJob(Keys.job(server))
                        .startAt(Date.from(fire))
                        .usingJobData(ClosingWarningJob.CLOSING_AT, w.at().toEpochMilli())
                        .usingJobData(ClosingWarningJob.LEAD_SECONDS, w.lead().getSeconds())
                        .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
                        .build();
                put(scheduler, existing == null ? null : key, t);
            }
            for (TriggerKey key : scheduler.getTriggerKeys(GroupMatcher.triggerGroupEquals(server.value()))) {
                if (Keys.isWarning(key) && !wanted.contains(key)) {
                    scheduler.unscheduleJob(key);
                }
            }
        } catch (SchedulerException e) {
            log.error("{}: cannot plan the closing warnings: {}", server, e.getMessage());
        }
    }

    /**
     * Fires a closing of {@code at} now, for one missed while curfew was down, or {@code resumed}:
     * begun and not finished; once in a cluster.
     */
    void fireMissedClosing(ServerName server, Instant at, boolean resumed) throws SchedulerException {
        Trigger t = TriggerBuilder.newTrigger().withIdentity(Keys.missedClosing(server, at))
                .forJob(Keys.job(server)).startNow()
                .usingJobData(ClosingJob.CLOSING_AT, at.toEpochMilli())
                .usingJobData(ClosingJob.RESUMED, resumed)
                .build();
        try {
            scheduler.scheduleJob(t);
        } catch (ObjectAlreadyExistsException e) {
            log.info("{}: the missed closing of {} is being done by another node", server, at);
        }
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
}
