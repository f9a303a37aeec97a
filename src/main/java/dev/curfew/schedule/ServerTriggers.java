package dev.curfew.schedule;

import dev.curfew.config.ServerConfig;
import dev.curfew.policy.Policy;
import dev.curfew.session.ServerName;
import dev.curfew.sweep.Sweeps;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TimeZone;
import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.JobDetail;
import org.quartz.JobBuilder;
import org.quartz.JobKey;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.SimpleTrigger;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.matchers.GroupMatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the servers' jobs and their repeating triggers (sweep, closing) match the configuration.
 * It adds what is missing and changes what differs, nothing else: several nodes of a cluster apply
 * the same servers at the same time, and a node that joins must not move the others' schedule.
 */
final class ServerTriggers {
    private static final Logger log = LoggerFactory.getLogger(ServerTriggers.class);
    private final Scheduler scheduler;
    private final Sweeps sweeps;

    ServerTriggers(Scheduler scheduler, Sweeps sweeps) {
        this.scheduler = scheduler;
        this.sweeps = sweeps;
    }

    /** New servers added, removed ones dropped, changed intervals and closing times rescheduled. */
    void apply(List<ServerConfig> servers, Policy p) throws SchedulerException {
        Set<String> wanted = new HashSet<>();
        HolidayCalendars.install(scheduler, p);
        for (ServerConfig server : servers) {
            wanted.add(server.name().value());
            addJob(server.name());
            scheduleSweep(server);
            scheduleClosing(server.name(), p);
        }
        for (String group : scheduler.getJobGroupNames()) {
            if (!wanted.contains(group) && !group.equals(Keys.TASKS)) {
                for (JobKey key : scheduler.getJobKeys(GroupMatcher.jobGroupEquals(group))) {
                    delete(key);
                }
                log.info("{}: no longer swept", group);
            }
        }
    }

    private void delete(JobKey key) throws SchedulerException {
        try {
            scheduler.deleteJob(key);
        } catch (SchedulerException e) {
            // A one-shot trigger of the job (a due check) completed while it was being deleted.
            if (scheduler.checkExists(key)) {
                scheduler.deleteJob(key);
            }
        }
    }

    /**
     * The server's one durable job; one of an older version's class, or not recovered, is replaced,
     * its triggers kept. It requests recovery: a firing under way on a node that dies (in a cluster)
     * is fired again on another, with the trigger's data, once Quartz finds the node gone.
     */
    private void addJob(ServerName server) throws SchedulerException {
        JobKey key = Keys.job(server);
        JobDetail existing = scheduler.getJobDetail(key);
        if (existing != null && existing.getJobClass() == ServerJob.class && existing.requestsRecovery()) {
            return;
        }
        try {
            scheduler.addJob(JobBuilder.newJob(ServerJob.class).withIdentity(key).storeDurably().requestRecovery()
                    .build(), existing != null);
        } catch (ObjectAlreadyExistsException e) {
            log.debug("{}: job added by another node", server);
        }
    }

    private void scheduleSweep(ServerConfig server) throws SchedulerException {
        TriggerKey key = Keys.sweep(server.name());
        Trigger existing = scheduler.getTrigger(key);
        long interval = server.interval().toMillis();
        if (!(existing instanceof SimpleTrigger st) || st.getRepeatInterval() != interval) {
            Trigger sweep = TriggerBuilder.newTrigger().withIdentity(key).forJob(Keys.job(server.name()))
                    .startNow()
                    .withSchedule(SimpleScheduleBuilder.simpleSchedule().withIntervalInMilliseconds(interval)
                            .repeatForever().withMisfireHandlingInstructionNextWithRemainingCount())
                    .build();
            QuartzTimetable.put(scheduler, existing == null ? null : key, sweep);
            log.debug("{}: sweep every {} ms", server.name(), interval);
        }
    }

    private void scheduleClosing(ServerName server, Policy p) throws SchedulerException {
        TriggerKey key = Keys.closing(server);
        Trigger existing = scheduler.getTrigger(key);
        if (p.closing().at() == null) {
            scheduler.unscheduleJob(key);
            for (TriggerKey warning : scheduler.getTriggerKeys(GroupMatcher.triggerGroupEquals(server.value()))) {
                if (Keys.isWarning(warning)) {
                    scheduler.unscheduleJob(warning);
                }
            }
            return;
        }
        TimeZone zone = TimeZone.getTimeZone(p.zone());
        JobKey job = Keys.job(server);
        boolean same = existing instanceof CronTrigger ct && ct.getCronExpression().equals(p.closing().at())
                && ct.getTimeZone().getID().equals(zone.getID()) && HolidayCalendars.NAME.equals(ct.getCalendarName())
                && ct.getJobKey().equals(job);
        if (!same) {
            Trigger closing = TriggerBuilder.newTrigger().withIdentity(key).forJob(job)
                    .withSchedule(CronScheduleBuilder.cronSchedule(p.closing().at())
                            .inTimeZone(zone).withMisfireHandlingInstructionDoNothing())
                    .modifiedByCalendar(HolidayCalendars.NAME)
                    .build();
            QuartzTimetable.put(scheduler, existing == null ? null : key, closing);
        }
        sweeps.planWarnings(server);
    }
}
