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
 * The Quartz job for one server. Plain sweeps carry only the server; closing firings carry the
 * warning lead in the trigger's data (zero for the closing itself) and, for warnings, the instant
 * of the closing they announce. Nothing escapes it.
 */
@DisallowConcurrentExecution
final class SweepJob implements Job {
    static final String SERVER = "server";
    static final String CLOSING_AT = "closingAt";
    static final String LEAD_SECONDS = "leadSeconds";

    private static final Logger log = LoggerFactory.getLogger(SweepJob.class);

    private final Sweeper sweeper;
    private final ClosingPlanner planner;

    SweepJob(Sweeper sweeper, ClosingPlanner planner) {
        this.sweeper = sweeper;
        this.planner = planner;
    }

    @Override
    public void execute(JobExecutionContext context) {
        JobDataMap data = context.getMergedJobDataMap();
        String server = data.getString(SERVER);
        try {
            Closing closing = null;
            if (data.containsKey(LEAD_SECONDS)) {
                Instant at = data.containsKey(CLOSING_AT) ? Instant.ofEpochMilli(data.getLong(CLOSING_AT))
                        : context.getScheduledFireTime().toInstant();
                closing = new Closing(at, Duration.ofSeconds(data.getLong(LEAD_SECONDS)));
                log.info("{}: {}", server, closing.warning()
                        ? "closing warning, " + closing.leadMinutes() + " min before " + closing.at()
                        : "closing");
            }
            sweeper.sweep(ServerName.of(server), closing);
            if (closing != null && !closing.warning()) {
                planner.planWarnings(ServerName.of(server));
            }
        } catch (RuntimeException e) {
            log.error("{}: sweep job failed: {}", server, e.toString(), e);
        }
    }
}
