package dev.curfew.schedule;

import dev.curfew.policy.Closing;
import dev.curfew.sweep.Sweeps;
import java.time.Duration;
import java.time.Instant;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;

/**
 * A warning of a server's next closing, a one-shot trigger at each {@code policy.closing.warn} lead
 * before it. Recovered on another node when its node dies (it is then late: one that comes when the
 * closing is due is skipped).
 */
final class ClosingWarningJob extends ServerJob {
    static final String CLOSING_AT = "closingAt";
    static final String LEAD_SECONDS = "leadSeconds";

    private final Sweeps sweeps;

    ClosingWarningJob(Sweeps sweeps) {
        this.sweeps = sweeps;
    }

    @Override
    public void execute(JobExecutionContext context) {
        JobDataMap data = context.getTrigger().getJobDataMap();
        Closing warning = new Closing(Instant.ofEpochMilli(data.getLong(CLOSING_AT)),
                Duration.ofSeconds(data.getLong(LEAD_SECONDS)));
        sweeps.close(Keys.server(context.getTrigger().getJobKey()), warning, context.getScheduledFireTime().toInstant());
    }
}
