package dev.curfew.schedule;

import dev.curfew.sweep.Sweeps;
import java.util.Date;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A server's plain sweep, every {@code sweep.interval}; after a pause only the last one missed runs. */
final class SweepJob extends ServerJob {
    private static final Logger log = LoggerFactory.getLogger(SweepJob.class);

    private final Sweeps sweeps;

    SweepJob(Sweeps sweeps) {
        this.sweeps = sweeps;
    }

    @Override
    public void execute(JobExecutionContext context) {
        var server = Keys.server(context.getTrigger().getJobKey());
        if (stale(context)) {
            log.debug("{}: sweep of {} skipped, the next one is already due", server, context.getScheduledFireTime());
            return;
        }
        sweeps.sweep(server, context.getScheduledFireTime().toInstant());
    }

    /** A firing that ran so late that the next one is already due. */
    static boolean stale(JobExecutionContext context) {
        Date next = context.getNextFireTime();
        return next != null && context.getFireTime() != null && !next.after(context.getFireTime());
    }
}
