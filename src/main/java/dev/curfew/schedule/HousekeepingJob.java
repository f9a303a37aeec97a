package dev.curfew.schedule;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A housekeeping task registered with {@link Scheduling#every} (the history purge, the report roll-ups). */
@DisallowConcurrentExecution
final class HousekeepingJob implements Job {
    private static final Logger log = LoggerFactory.getLogger(HousekeepingJob.class);

    private final Runnable task;

    HousekeepingJob(Runnable task) {
        this.task = task;
    }

    @Override
    public void execute(JobExecutionContext context) {
        String name = context.getJobDetail().getKey().getName();
        try {
            task.run();
        } catch (RuntimeException e) {
            log.error("{}: failed: {} (runs again at its next time)", name, e.toString(), e);
        }
    }
}
