package dev.curfew.simulate;

import dev.curfew.config.ConfigException;
import dev.curfew.policy.Policy;
import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import java.util.TimeZone;
import org.quartz.CronExpression;

/**
 * The closings of {@code policy.closing.at} (a Quartz cron in the policy's zone) in virtual time,
 * holidays left out as the daemon's holiday calendar leaves them out of its closing trigger.
 */
final class ClosingCron {
    private static final int MAX_STEPS = 100_000;

    private final Policy policy;
    private final CronExpression cron;

    ClosingCron(Policy policy) {
        this.policy = policy;
        if (policy.closing().at() == null) {
            this.cron = null;
            return;
        }
        try {
            this.cron = new CronExpression(policy.closing().at());
        } catch (ParseException e) {
            throw new ConfigException("policy.closing.at: \"" + policy.closing().at() + "\" is not a Quartz cron expression ("
                    + e.getMessage() + ")");
        }
        cron.setTimeZone(TimeZone.getTimeZone(policy.zone()));
    }

    /** The first closing after {@code after} that is on no holiday, or null when there is none. */
    Instant next(Instant after) {
        if (cron == null) {
            return null;
        }
        Date t = cron.getNextValidTimeAfter(Date.from(after));
        for (int i = 0; t != null && i < MAX_STEPS; i++) {
            if (!policy.closing().holidays().contains(t.toInstant().atZone(policy.zone()).toLocalDate())) {
                return t.toInstant();
            }
            t = cron.getNextValidTimeAfter(t);
        }
        return null;
    }
}
