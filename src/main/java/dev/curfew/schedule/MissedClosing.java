package dev.curfew.schedule;

import dev.curfew.policy.Policy;
import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import java.util.TimeZone;
import org.quartz.CronExpression;

/** Finds the last closing that should have fired between two instants, holidays excepted. */
final class MissedClosing {
    private static final int MAX_STEPS = 100_000;

    private MissedClosing() {
    }

    static Instant lastBetween(Policy p, Instant after, Instant upTo) {
        if (p.closing().at() == null || after == null || !after.isBefore(upTo)) {
            return null;
        }
        CronExpression cron;
        try {
            cron = new CronExpression(p.closing().at());
        } catch (ParseException e) {
            throw new IllegalStateException("checked at load: " + p.closing().at(), e);
        }
        cron.setTimeZone(TimeZone.getTimeZone(p.zone()));
        Instant last = null;
        Date t = cron.getNextValidTimeAfter(Date.from(after));
        for (int i = 0; t != null && !t.toInstant().isAfter(upTo) && i < MAX_STEPS; i++) {
            if (!p.closing().holidays().contains(t.toInstant().atZone(p.zone()).toLocalDate())) {
                last = t.toInstant();
            }
            t = cron.getNextValidTimeAfter(t);
        }
        return last;
    }
}
