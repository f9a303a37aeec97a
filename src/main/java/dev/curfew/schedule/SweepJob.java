package dev.curfew.schedule;

import dev.curfew.policy.Closing;
import dev.curfew.session.ServerName;
import java.time.Duration;
import java.time.Instant;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Quartz job of one server. Its triggers say what to do: a plain sweep (only the server), a
 * closing or closing warning (the lead, zero for the closing itself, and the instant announced),
 * or a due check of one session. One server's firings never overlap. Nothing escapes it.
 */
@DisallowConcurrentExecution
final class SweepJob implements Job {
    static final String SERVER = "server";
    static final String CLOSING_AT = "closingAt";
    static final String LEAD_SECONDS = "leadSeconds";
    static final String DUE_SESSIONS = "dueSessions";

    private static final Logger log = LoggerFactory.getLogger(SweepJob.class);

    private final Sweeper sweeper;
    private final ClosingPlanner closings;
    private final DueCheckPlanner dueChecks;

    SweepJob(Sweeper sweeper, ClosingPlanner closings, DueCheckPlanner dueChecks) {
        this.sweeper = sweeper;
        this.closings = closings;
        this.dueChecks = dueChecks;
    }

    @Override
    public void execute(JobExecutionContext context) {
        JobDataMap data = context.getMergedJobDataMap();
        String name = data.getString(SERVER);
        try {
            ServerName server = ServerName.of(name);
            if (data.containsKey(DUE_SESSIONS)) {
                dueChecks.plan(server, sweeper.check(server, DueCheckPlanner.parse(data.getString(DUE_SESSIONS))));
                return;
            }
            if (!data.containsKey(LEAD_SECONDS) && stale(context)) {
                log.debug("{}: sweep of {} skipped, the next one is already due", name, context.getScheduledFireTime());
                return;
            }
            Closing closing = null;
            if (data.containsKey(LEAD_SECONDS)) {
                Instant at = data.containsKey(CLOSING_AT) ? Instant.ofEpochMilli(data.getLong(CLOSING_AT))
                        : context.getScheduledFireTime().toInstant();
                closing = new Closing(at, Duration.ofSeconds(data.getLong(LEAD_SECONDS)));
                log.info("{}: {}", name, closing.describe());
            }
            Sweeper.Result result = sweeper.sweep(server, closing, context.getScheduledFireTime().toInstant());
            if (closing == null) {
                dueChecks.plan(server, result);
            } else if (!closing.warning()) {
                closings.planWarnings(server);
            }
        } catch (RuntimeException e) {
            log.error("{}: sweep job failed: {}", name, e.toString(), e);
        }
    }

    /** A sweep firing that ran so late that the next one is already due: after a pause, only the last runs. */
    static boolean stale(JobExecutionContext context) {
        java.util.Date next = context.getNextFireTime();
        return next != null && context.getFireTime() != null && !next.after(context.getFireTime());
    }
}
