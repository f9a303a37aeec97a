package dev.curfew.schedule;

import dev.curfew.session.ServerName;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
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

    /** Due instants are grouped per server into slots of this length, rounded up so a check is never early. */
    static final long SLOT_MILLIS = 100;

    void plan(ServerName server, Sweeper.Result result) {
        try {
            Trigger sweep = scheduler.getTrigger(TriggerKey.triggerKey("sweep", server.value()));
            Date next = sweep == null ? null : sweep.getNextFireTime();
            Map<Instant, Set<Integer>> slots = new TreeMap<>();
            for (Sweeper.DueCheck due : result.due()) {
                if (next != null && !due.at().isBefore(next.toInstant())) {
                    continue;
                }
                slots.computeIfAbsent(slot(due.at()), k -> new TreeSet<>()).add(due.sessionId());
            }
            for (Map.Entry<Instant, Set<Integer>> slot : slots.entrySet()) {
                schedule(server, slot.getValue(), slot.getKey());
            }
        } catch (SchedulerException e) {
            log.warn("{}: cannot plan due checks: {}", server, e.getMessage());
        }
    }

    static Instant slot(Instant at) {
        long ms = at.toEpochMilli();
        long rounded = (ms + SLOT_MILLIS - 1) / SLOT_MILLIS * SLOT_MILLIS;
        Instant slot = Instant.ofEpochMilli(rounded);
        return slot.isBefore(at) ? slot.plusMillis(SLOT_MILLIS) : slot;
    }

    /** One trigger per server and slot; sessions planned into an existing slot are added to it. */
    private void schedule(ServerName server, Set<Integer> ids, Instant at) throws SchedulerException {
        TriggerKey key = TriggerKey.triggerKey("due-" + at.toEpochMilli(), server.value());
        Set<Integer> all = new TreeSet<>(ids);
        Trigger existing = scheduler.getTrigger(key);
        if (existing != null) {
            all.addAll(parse(existing.getJobDataMap().getString(SweepJob.DUE_SESSIONS)));
            if (all.size() == parse(existing.getJobDataMap().getString(SweepJob.DUE_SESSIONS)).size()) {
                return;
            }
        }
        String list = String.join(",", all.stream().map(String::valueOf).toList());
        Trigger t = TriggerBuilder.newTrigger().withIdentity(key).forJob(JobKey.jobKey("sweep", server.value()))
                .startAt(Date.from(at))
                .usingJobData(SweepJob.SERVER, server.value())
                .usingJobData(SweepJob.DUE_SESSIONS, list)
                .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
                .build();
        try {
            if (existing == null) {
                scheduler.scheduleJob(t);
            } else if (scheduler.rescheduleJob(key, t) == null) {
                scheduler.scheduleJob(t);
            }
            log.debug("{}: sessions {} checked again at {}", server, list, at);
        } catch (ObjectAlreadyExistsException e) {
            // planned by a concurrent sweep of the same server
        }
    }

    static Set<Integer> parse(String ids) {
        Set<Integer> out = new TreeSet<>();
        if (ids != null && !ids.isBlank()) {
            for (String id : ids.split(",")) {
                out.add(Integer.parseInt(id.trim()));
            }
        }
        return out;
    }
}
