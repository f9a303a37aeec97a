package dev.curfew.schedule;

import dev.curfew.session.ServerName;
import java.time.Instant;
import java.util.Date;
import org.quartz.JobKey;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the due instants a sweep found into one-shot triggers, for those that fall before the
 * server's next sweep: that is how an action comes on time without polling faster.
 */
final class DueCheckPlanner {
    private static final Logger log = LoggerFactory.getLogger(DueCheckPlanner.class);

    private final Scheduler scheduler;

    DueCheckPlanner(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    void plan(ServerName server, Sweeper.Result result) {
        try {
            Trigger sweep = scheduler.getTrigger(TriggerKey.triggerKey("sweep", server.value()));
            Date next = sweep == null ? null : sweep.getNextFireTime();
            for (Sweeper.DueCheck due : result.due()) {
                if (next != null && !due.at().isBefore(next.toInstant())) {
                    continue;
                }
                schedule(server, due.sessionId(), due.at());
            }
        } catch (SchedulerException e) {
            log.warn("{}: cannot plan due checks: {}", server, e.getMessage());
        }
    }

    private void schedule(ServerName server, int sessionId, Instant at) throws SchedulerException {
        TriggerKey key = TriggerKey.triggerKey("due-" + sessionId + "-" + at.toEpochMilli(), server.value());
        if (scheduler.checkExists(key)) {
            return;
        }
        Trigger t = TriggerBuilder.newTrigger().withIdentity(key).forJob(JobKey.jobKey("sweep", server.value()))
                .startAt(Date.from(at))
                .usingJobData(SweepJob.SERVER, server.value())
                .usingJobData(SweepJob.DUE_SESSION, sessionId)
                .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
                .build();
        try {
            scheduler.scheduleJob(t);
            log.debug("{}: session {} checked again at {}", server, sessionId, at);
        } catch (ObjectAlreadyExistsException e) {
            // planned by a concurrent sweep of the same server
        }
    }
}
