package dev.curfew.schedule;

import dev.curfew.policy.Policy;
import dev.curfew.session.ServerName;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;
import org.quartz.JobKey;
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
 * Schedules the warnings before a server's next closing as one-shot triggers at the closing's fire
 * time minus each lead, so they go out on time whatever the sweep interval. Planned again after
 * each closing fires.
 */
final class ClosingPlanner {
    private static final Logger log = LoggerFactory.getLogger(ClosingPlanner.class);

    private final Supplier<Scheduler> scheduler;
    private final Supplier<Policy> policy;

    ClosingPlanner(Supplier<Scheduler> scheduler, Supplier<Policy> policy) {
        this.scheduler = scheduler;
        this.policy = policy;
    }

    static TriggerKey closingKey(ServerName server) {
        return TriggerKey.triggerKey("closing", server.value());
    }

    static TriggerKey warningKey(ServerName server, Duration lead) {
        return TriggerKey.triggerKey("closing-warning-" + lead.getSeconds(), server.value());
    }

    /**
     * Schedules the warnings for the next firing of {@code server}'s closing trigger. A warning
     * already planned for the same instant is left alone, so several nodes of a cluster planning at
     * once neither drop nor double it.
     */
    void planWarnings(ServerName server) {
        try {
            Scheduler s = scheduler.get();
            Trigger closing = s.getTrigger(closingKey(server));
            if (closing == null || closing.getNextFireTime() == null) {
                return;
            }
            Instant at = closing.getNextFireTime().toInstant();
            Instant now = Instant.now();
            Set<TriggerKey> wanted = new HashSet<>();
            for (Duration lead : policy.get().closing().warn()) {
                Instant fire = at.minus(lead);
                TriggerKey key = warningKey(server, lead);
                wanted.add(key);
                Trigger existing = s.getTrigger(key);
                if (existing != null && existing.getStartTime().toInstant().equals(fire)
                        && existing.getJobDataMap().getLong(SweepJob.CLOSING_AT) == at.toEpochMilli()) {
                    continue;
                }
                if (!fire.isAfter(now)) {
                    s.unscheduleJob(key);
                    continue;
                }
                Trigger t = TriggerBuilder.newTrigger().withIdentity(key).forJob(JobKey.jobKey("sweep", server.value()))
                        .startAt(Date.from(fire))
                        .usingJobData(SweepJob.SERVER, server.value())
                        .usingJobData(SweepJob.CLOSING_AT, at.toEpochMilli())
                        .usingJobData(SweepJob.LEAD_SECONDS, lead.getSeconds())
                        .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
                        .build();
                Scheduling.put(s, existing == null ? null : key, t);
            }
            for (TriggerKey key : s.getTriggerKeys(GroupMatcher.triggerGroupEquals(server.value()))) {
                if (key.getName().startsWith("closing-warning-") && !wanted.contains(key)) {
                    s.unscheduleJob(key);
                }
            }
            log.debug("{}: next closing {} with warnings {}", server, at, policy.get().closing().warn());
        } catch (SchedulerException e) {
            log.error("{}: cannot plan the closing warnings: {}", server, e.getMessage());
        }
    }
}
