package dev.curfew.report;

import dev.curfew.history.HistoryEntry;
import dev.curfew.policy.ActionType;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What curfew did over a period, summed up: actions per day (and per rule within each day), per
 * server, per rule, the top users, the failures, the idle times at disconnect, and the come-backs.
 * Made by {@link ReportQuery}.
 *
 * @param whatIf whether this report counts the what-if actions (recorded, never sent) instead of the real ones
 * @param idleSecondsAtDisconnect how long sessions had been idle when disconnected: seconds, and how many times
 */
public record Report(
        Instant since,
        Instant until,
        ZoneId zone,
        Duration comebackWindow,
        boolean whatIf,
        List<Tally> perDay,
        Map<LocalDate, Map<String, Long>> perDayAndRule,
        List<Tally> perServer,
        List<Tally> perRule,
        List<Tally> topUsers,
        List<HistoryEntry> failures,
        NavigableMap<Long, Long> idleSecondsAtDisconnect,
        List<Comeback> comebacks) {

    public Report {
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(until, "until");
        perDay = List.copyOf(perDay);
        perDayAndRule = Map.copyOf(perDayAndRule);
        perServer = List.copyOf(perServer);
        perRule = List.copyOf(perRule);
        topUsers = List.copyOf(topUsers);
        failures = List.copyOf(failures);
        idleSecondsAtDisconnect = Collections.unmodifiableNavigableMap(new TreeMap<>(idleSecondsAtDisconnect));
        comebacks = List.copyOf(comebacks);
    }

    /** The actions recorded under one key (a day, a server, a rule, a user), by kind, and how many failed. */
    public record Tally(String key, long warnings, long disconnects, long logoffs, long failed) {

        public long total() {
            return warnings + disconnects + logoffs;
        }

        Tally plus(ActionType action, boolean failure) {
            return new Tally(key, warnings + (action == ActionType.WARN ? 1 : 0),
                    disconnects + (action == ActionType.DISCONNECT ? 1 : 0),
                    logoffs + (action == ActionType.LOGOFF ? 1 : 0), failed + (failure ? 1 : 0));
        }
    }

    /**
     * A user curfew disconnected or logged off who was seen connected again on the same server
     * {@code after} later: a sign that the limit of {@code rule} may be too tight.
     */
    public record Comeback(Instant at, String server, int sessionId, String user, ActionType action, String rule,
            Instant back, Duration after) {
    }

    /** All actions of the period. */
    public long total() {
        return perDay.stream().mapToLong(Tally::total).sum();
    }
}
