package dev.curfew.schedule;

import dev.curfew.session.ServerName;
import java.time.Duration;
import java.time.Instant;
import org.quartz.JobKey;
import org.quartz.TriggerKey;

/**
 * The names of a server's Quartz jobs and triggers, all in the server's group: one job per kind of
 * firing ({@code sweep}, {@code due}, {@code closing}, {@code closing-warning}), and its triggers.
 */
final class Keys {
    static final String SWEEP = "sweep";
    static final String DUE = "due";
    static final String CLOSING = "closing";
    static final String CLOSING_WARNING = "closing-warning";
    /** The group of the housekeeping tasks, which is no server's. */
    static final String TASKS = "tasks";

    private Keys() {
    }

    static JobKey job(String kind, ServerName server) {
        return JobKey.jobKey(kind, server.value());
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
        return TriggerKey.triggerKey(CLOSING_WARNING + "-" + lead.getSeconds(), server.value());
    }

    static boolean isWarning(TriggerKey key) {
        return key.getName().startsWith(CLOSING_WARNING + "-");
    }

    static TriggerKey due(ServerName server, Instant at) {
        return TriggerKey.triggerKey(DUE + "-" + at.toEpochMilli(), server.value());
    }

    /** The server a job or trigger of this group belongs to. */
    static ServerName server(JobKey key) {
        return ServerName.of(key.getGroup());
    }
}
