package dev.curfew.schedule;

import dev.curfew.session.ServerName;
import java.time.Duration;
import java.time.Instant;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.Trigger;
import org.quartz.TriggerKey;

/**
 * The names of a server's Quartz job and triggers, all in the server's group. The server has one
 * job ({@link ServerJob}, named {@code sweep} as in the schedules a cluster already stores); each
 * trigger's name says its kind of firing, and so which job class runs it.
 */
final class Keys {
    private static final String SWEEP = "sweep";
    private static final String DUE = "due-";
    private static final String CLOSING = "closing";
    private static final String CLOSING_WARNING = "closing-warning-";
    /** The group of the housekeeping tasks, which is no server's. */
    static final String TASKS = "tasks";

    /** The kinds of firing, each run by a job class of its own. */
    enum Kind { SWEEP, DUE_CHECK, CLOSING, CLOSING_WARNING, HOUSEKEEPING }

    private Keys() {
    }

    /**
     * The kind of firing of {@code trigger}; for one that recovers the firing of a node that died
     * (Quartz names it {@code recover_...} in its own group), the kind of the firing it recovers.
     */
    static Kind kind(Trigger trigger) {
        if (trigger.getKey().getGroup().equals(Scheduler.DEFAULT_RECOVERY_GROUP)) {
            String name = trigger.getJobDataMap().getString(Scheduler.FAILED_JOB_ORIGINAL_TRIGGER_NAME);
            String group = trigger.getJobDataMap().getString(Scheduler.FAILED_JOB_ORIGINAL_TRIGGER_GROUP);
            if (name != null && group != null) {
                return kind(TriggerKey.triggerKey(name, group));
            }
        }
        return kind(trigger.getKey());
    }

    /** The kind of firing of a trigger, from its name (and the tasks' group). */
    static Kind kind(TriggerKey key) {
        String name = key.getName();
        if (key.getGroup().equals(TASKS)) {
            return Kind.HOUSEKEEPING;
        } else if (name.startsWith(CLOSING_WARNING)) {
            return Kind.CLOSING_WARNING;
        } else if (name.startsWith(CLOSING)) {
            return Kind.CLOSING;
        } else if (name.startsWith(DUE)) {
            return Kind.DUE_CHECK;
        }
        return Kind.SWEEP;
    }

    static JobKey job(ServerName server) {
        return JobKey.jobKey(SWEEP, server.value());
    }

    static TriggerKey sweep(ServerName server) {
        return TriggerKey.triggerKey(SWEEP, server.value());
    }

    static TriggerKey closing(ServerName server) {
        return TriggerKey.triggerKey(CLOSING, server.value());
    }

    static TriggerKey missedClosing(ServerName server, Instant at) {
        return TriggerKey.triggerKey("closing-missed-" + at.toEpochMilli(), server.value());
    }

    static TriggerKey warning(ServerName server, Duration lead) {
        return TriggerKey.triggerKey(CLOSING_WARNING + lead.getSeconds(), server.value());
    }

    static boolean isWarning(TriggerKey key) {
        return kind(key) == Kind.CLOSING_WARNING;
    }

    static TriggerKey due(ServerName server, Instant at) {
        return TriggerKey.triggerKey(DUE + at.toEpochMilli(), server.value());
    }

    /** The server a job or trigger of this group belongs to. */
    static ServerName server(JobKey key) {
        return ServerName.of(key.getGroup());
    }
}
