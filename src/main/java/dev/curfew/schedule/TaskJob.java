package dev.curfew.schedule;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Quartz job of a housekeeping task registered with {@link Scheduling#every}. Nothing escapes it. */
@DisallowConcurrentExecution
final class TaskJob implements Job {
    private static final Logger log = LoggerFactory.getLogger(TaskJob.class);

    private final Runnable task;

    TaskJob(Runnable task) {
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
