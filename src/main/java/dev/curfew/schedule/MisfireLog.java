package dev.curfew.schedule;

import org.quartz.Trigger;
import org.quartz.listeners.TriggerListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Says when a firing was dropped because it waited longer than the threshold: the pool is too small. */
final class MisfireLog extends TriggerListenerSupport {
    private static final Logger log = LoggerFactory.getLogger(MisfireLog.class);

    @Override
    public String getName() {
        return "curfew-misfires";
    }

    @Override
    public void triggerMisfired(Trigger trigger) {
        log.warn("{}: {} started more than {} s late and was skipped (sweep.parallelism too small for the fleet?)",
                trigger.getKey().getGroup(), trigger.getKey().getName(), QuartzProperties.MISFIRE_THRESHOLD.toSeconds());
    }
}
