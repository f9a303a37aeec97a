package dev.curfew.policy;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The values of {@code policy:} in the configuration, as the rules see them. Limits that are
 * {@code off} are null; the {@code ...Seconds()} accessors give -1 for them, which keeps the DRL plain.
 */
public record Policy(
        ZoneId zone,
        Duration idleLimit,
        Duration idleWarn,
        ActionType idleAction,
        Duration disconnectedLimit,
        ActionType disconnectedAction,
        Duration sessionLimit,
        Duration sessionWarn,
        ActionType sessionAction,
        String closingAt,
        List<Duration> closingWarn,
        ActionType closingAction,
        Holidays holidays,
        List<String> exemptUsers,
        List<String> exemptClients,
        List<String> exemptStations,
        boolean protectConsole,
        boolean whatIf,
        String messageTitle,
        String messageText) {

    public Policy {
        Objects.requireNonNull(zone, "zone");
        closingWarn = List.copyOf(closingWarn);
        exemptUsers = List.copyOf(exemptUsers);
        exemptClients = List.copyOf(exemptClients);
        exemptStations = List.copyOf(exemptStations);
    }

    /** The policy DESIGN.md calls the default, in {@code zone}. */
    public static Policy defaults(ZoneId zone) {
        return new Policy(zone, Duration.ofMinutes(30), Duration.ofMinutes(2), ActionType.DISCONNECT,
                Duration.ofHours(8), ActionType.LOGOFF, null, Duration.ofMinutes(5), ActionType.LOGOFF,
                "0 0 18 ? * MON-FRI", List.of(Duration.ofMinutes(15), Duration.ofMinutes(5), Duration.ofMinutes(1)),
                ActionType.DISCONNECT, Holidays.NONE, List.of(), List.of(), List.of(), true, false,
                DEFAULT_TITLE, DEFAULT_TEXT);
    }

    public static final String DEFAULT_TITLE = "Your session will be {action}ed";
    public static final String DEFAULT_TEXT =
            "{user}, this session will be {action}ed at {time} (in {minutes} min). Save your work.";

    /** The same policy in what-if mode or not. */
    public Policy withWhatIf(boolean value) {
        return new Policy(zone, idleLimit, idleWarn, idleAction, disconnectedLimit, disconnectedAction, sessionLimit,
                sessionWarn, sessionAction, closingAt, closingWarn, closingAction, holidays, exemptUsers, exemptClients,
                exemptStations, protectConsole, value, messageTitle, messageText);
    }

    /** The same policy in another time zone. */
    public Policy withZone(ZoneId value) {
        return new Policy(value, idleLimit, idleWarn, idleAction, disconnectedLimit, disconnectedAction, sessionLimit,
                sessionWarn, sessionAction, closingAt, closingWarn, closingAction, holidays, exemptUsers, exemptClients,
                exemptStations, protectConsole, whatIf, messageTitle, messageText);
    }

    public long idleLimitSeconds() { return seconds(idleLimit); }
    public long idleWarnSeconds() { return seconds(idleWarn); }
    public long disconnectedLimitSeconds() { return seconds(disconnectedLimit); }
    public long sessionLimitSeconds() { return seconds(sessionLimit); }
    public long sessionWarnSeconds() { return seconds(sessionWarn); }

    /** True when the user, client name or station matches one of the exemption patterns. */
    public boolean isExempt(String user, String client, String station) {
        return matchesAny(exemptUsers, user) || matchesAny(exemptClients, client) || matchesAny(exemptStations, station);
    }

    /** Case-insensitive match with {@code *} (any run) and {@code ?} (one character) wildcards. */
    public static boolean matches(String pattern, String value) {
        if (value == null || value.isEmpty()) {
            return false;
        }
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE)
                .matcher(value.toLowerCase(Locale.ROOT)).matches();
    }

    private static boolean matchesAny(List<String> patterns, String value) {
        for (String p : patterns) {
            if (matches(p, value)) {
                return true;
            }
        }
        return false;
    }

    private static long seconds(Duration d) {
        return d == null ? -1 : d.getSeconds();
    }
}
