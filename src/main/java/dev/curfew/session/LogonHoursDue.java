package dev.curfew.session;

import java.time.Duration;
import java.time.Instant;

/**
 * When a session's {@link Session#logonHours} close it, as the rules ask (rules/logonhours.drl
 * imports these as functions): {@code logonHoursLeftSeconds(this, $p.closing.longestWarnSeconds) == 0}.
 * A session whose user has no logon hours (none in the directory, or not looked up) is never closed.
 *
 * <pre>{@code
 * LogonHoursDue.outsideLogonHours(s);            // its hour of the week is not allowed
 * LogonHoursDue.logonHoursLeftSeconds(s, 900);   // seconds to the closing; 0 now, -1 never
 * }</pre>
 */
public final class LogonHoursDue {

    private LogonHoursDue() {
    }

    /** True when the user has logon hours and the hour of {@link Session#observedAt} is not one of them. */
    public static boolean outsideLogonHours(Session s) {
        return s.logonHours() != null && !s.logonHours().allows(s.observedAt());
    }

    /** When the allowed period the session is in ends; null when unrestricted, outside, or allowed all week. */
    public static Instant logonHoursEnd(Session s) {
        return s.logonHours() == null ? null : s.logonHours().periodEnd(s.observedAt());
    }

    /**
     * When the logon hours close the session: the end of its allowed period; for a session outside
     * its hours, {@code warnSeconds} after its connection began (so that it gets the warnings), never
     * before {@link Session#observedAt}, and at once when that is not known. Null when they never do.
     */
    public static Instant logonHoursDue(Session s, long warnSeconds) {
        if (s.logonHours() == null) {
            return null;
        }
        if (!outsideLogonHours(s)) {
            return logonHoursEnd(s);
        }
        Instant since = s.connectedSince();
        Instant due = since == null ? s.observedAt() : since.plusSeconds(Math.max(0, warnSeconds));
        return due.isBefore(s.observedAt()) ? s.observedAt() : due;
    }

    /** Seconds from {@link Session#observedAt} to {@link #logonHoursDue}, rounded up: 0 means now; -1 when never. */
    public static long logonHoursLeftSeconds(Session s, long warnSeconds) {
        Instant due = logonHoursDue(s, warnSeconds);
        if (due == null) {
            return -1;
        }
        Duration left = Duration.between(s.observedAt(), due);
        return left.getSeconds() + (left.getNano() > 0 ? 1 : 0);
    }
}
