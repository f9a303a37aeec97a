package dev.curfew.schedule;

import dev.curfew.config.Durations;
import dev.curfew.config.ServerConfig;
import dev.curfew.history.HistoryStore;
import dev.curfew.policy.Policy;
import dev.curfew.session.ServerName;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.TimeZone;
import org.quartz.CronExpression;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The closing missed while curfew was down: fired once at start when less than
 * {@code schedule.misfireGrace} old, otherwise skipped and the skip recorded.
 */
final class MissedClosings {
    private static final Logger log = LoggerFactory.getLogger(MissedClosings.class);
    private static final int MAX_STEPS = 100_000;

    private MissedClosings() {
    }

    /** Fires or skips the closing missed since {@code lastSeen}; returns its instant, or null when none was missed. */
    static Instant catchUp(QuartzTimetable timetable, Policy p, List<ServerConfig> servers, Instant lastSeen,
            Instant now, Duration grace, HistoryStore history) {
        Instant missed = lastBetween(p, lastSeen, now);
        if (missed == null) {
            return null;
        }
        Duration age = Duration.between(missed, now);
        for (ServerConfig server : servers) {
            if (age.compareTo(grace) <= 0) {
                log.info("{}: closing of {} was missed while curfew was down ({} ago): closing now", server.name(),
                        missed, Durations.format(age.withNanos(0)));
                try {
                    timetable.fireMissedClosing(server.name(), missed, false);
                } catch (SchedulerException e) {
                    log.error("{}: cannot fire the missed closing: {}", server.name(), e.getMessage());
                }
            } else {
                String note = "closing of " + missed + " missed while curfew was down (" + Durations.format(age.withNanos(0))
                        + " ago, more than schedule.misfireGrace " + Durations.format(grace) + "): skipped";
                log.warn("{}: {}", server.name(), note);
                history.recordSweep(server.name().value(), now, 0, 0, note);
            }
        }
        return missed;
    }

    /**
     * Fires again the closing of the last {@code grace} that this node began and did not finish on
     * some servers (it was killed); returns the servers.
     */
    static List<ServerName> resume(QuartzTimetable timetable, Policy p, List<ServerConfig> servers, Instant now,
            Duration grace, HistoryStore history) {
        Instant at = lastBetween(p, now.minus(grace), now);
        if (at == null) {
            return List.of();
        }
        List<String> owed = history.closings().toResume(at, servers.stream().map(s -> s.name().value()).toList());
        List<ServerName> fired = new java.util.ArrayList<>();
        for (String server : owed) {
            log.info("{}: closing of {} was begun and not finished (curfew stopped): finishing it now", server, at);
            try {
                timetable.fireMissedClosing(ServerName.of(server), at, true);
                fired.add(ServerName.of(server));
            } catch (SchedulerException e) {
                log.error("{}: cannot fire the unfinished closing: {}", server, e.getMessage());
            }
        }
        return fired;
    }

    /** The last closing that should have fired after {@code after} and by {@code upTo}, holidays excepted. */
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
