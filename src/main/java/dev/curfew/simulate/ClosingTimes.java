package dev.curfew.simulate;

import dev.curfew.config.ConfigException;
import dev.curfew.policy.Closing;
import dev.curfew.policy.Policy;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.TimeZone;
import org.quartz.CronExpression;

/**
 * The closings and closing warnings of a time span in virtual time: each fire time of
 * {@code policy.closing.at} (a Quartz cron in the policy's zone) and each lead of
 * {@code policy.closing.warn} before it, as the daemon's Quartz triggers would fire them.
 * Holidays are not left out here: as in the daemon, the rules see {@code Now.holiday} and skip them.
 */
final class ClosingTimes {
    private static final Comparator<Closing> MOST_IMMINENT =
            Comparator.comparing(Closing::at).thenComparing(Closing::lead, Comparator.reverseOrder());

    private final List<Closing> events;

    ClosingTimes(Policy policy, Instant start, Instant end) {
        this.events = policy.closing().at() == null ? List.of() : plan(policy, start, end);
    }

    private static List<Closing> plan(Policy policy, Instant start, Instant end) {
        CronExpression cron;
        try {
            cron = new CronExpression(policy.closing().at());
        } catch (ParseException e) {
            throw new ConfigException("policy.closing.at: \"" + policy.closing().at() + "\" is not a Quartz cron expression ("
                    + e.getMessage() + ")");
        }
        cron.setTimeZone(TimeZone.getTimeZone(policy.zone()));
        Duration longest = policy.closing().warn().stream().max(Comparator.naturalOrder()).orElse(Duration.ZERO);
        List<Closing> out = new ArrayList<>();
        Date next = cron.getNextValidTimeAfter(Date.from(start.minusSeconds(1)));
        while (next != null && !next.toInstant().isAfter(end.plus(longest))) {
            Instant at = next.toInstant();
            if (!at.isAfter(end)) {
                out.add(Closing.now(at));
            }
            for (Duration lead : policy.closing().warn()) {
                Instant warnAt = at.minus(lead);
                if (!warnAt.isBefore(start) && !warnAt.isAfter(end)) {
                    out.add(new Closing(at, lead));
                }
            }
            next = cron.getNextValidTimeAfter(next);
        }
        out.sort(Comparator.comparing(ClosingTimes::firesAt));
        return List.copyOf(out);
    }

    static Instant firesAt(Closing c) {
        return c.at().minus(c.lead());
    }

    /**
     * The closing event a sweep at {@code now} carries when events fell due after {@code after}
     * (exclusive) and by {@code now}: the closing itself if due, else the most imminent warning.
     */
    Closing due(Instant after, Instant now) {
        return events.stream()
                .filter(c -> (after == null || firesAt(c).isAfter(after)) && !firesAt(c).isAfter(now))
                .max(MOST_IMMINENT).orElse(null);
    }

    List<Closing> events() {
        return events;
    }
}
