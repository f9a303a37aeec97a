package dev.curfew.schedule;

import dev.curfew.policy.Closing;
import dev.curfew.sweep.Sweeps;
import java.time.Instant;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;

/**
 * A server's end-of-day closing: fired by its cron trigger at {@code policy.closing.at}, or once at
 * start for a closing missed while curfew was down or begun and not finished (which names the
 * closing's instant); in a cluster fired again on another node when its node dies (recovered).
 */
final class ClosingJob extends ServerJob {
    /** The instant of the closing, for a missed one fired late; the fire time otherwise. */
    static final String CLOSING_AT = "closingAt";
    /** Set on a closing fired again at start because it was begun and not finished (curfew was killed). */
    static final String RESUMED = "resumed";

    private final Sweeps sweeps;

    ClosingJob(Sweeps sweeps) {
        this.sweeps = sweeps;
    }

    @Override
    public void execute(JobExecutionContext context) {
        JobDataMap data = context.getTrigger().getJobDataMap();
        Instant scheduled = context.getScheduledFireTime().toInstant();
        Instant at = data.containsKey(CLOSING_AT) ? Instant.ofEpochMilli(data.getLong(CLOSING_AT)) : scheduled;
        boolean resumed = context.isRecovering() || data.getBooleanValue(RESUMED);
        sweeps.close(Keys.server(context.getTrigger().getJobKey()), Closing.now(at), scheduled, resumed);
    }
}
