package dev.curfew.schedule;

import org.quartz.SchedulerException;
import org.quartz.listeners.SchedulerListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Quartz's errors in one line each, instead of its stack traces; quiet while the database watch
 * already reports the database down, as every one of them is then the same outage.
 */
final class QuartzErrors extends SchedulerListenerSupport {
    private static final Logger log = LoggerFactory.getLogger(QuartzErrors.class);

    private final DatabaseWatch watch;

    QuartzErrors(DatabaseWatch watch) {
        this.watch = watch;
    }

    @Override
    public void schedulerError(String msg, SchedulerException cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String why = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        if (watch != null && watch.down()) {
            log.debug("Quartz: {} ({})", msg, why);
        } else {
            log.warn("Quartz: {} ({})", msg, why.lines().findFirst().orElse(why));
        }
    }
}
