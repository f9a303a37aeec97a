package dev.curfew.web;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** Times as the console shows them, in the policy's zone, against one instant of a page ({@code now}). */
record Texts(ZoneId zone, Instant now) {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final DateTimeFormatter FULL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** {@code 14:32} today, {@code 2026-11-24 07:00} on another day; empty for null. */
    String time(Instant at) {
        if (at == null) {
            return "";
        }
        ZonedDateTime t = at.atZone(zone);
        return t.toLocalDate().equals(now.atZone(zone).toLocalDate()) ? CLOCK.format(t) : DAY.format(t);
    }

    /** {@code 2026-11-23 14:32:05}; empty for null. */
    String full(Instant at) {
        return at == null ? "" : FULL.format(at.atZone(zone));
    }

    /** {@code in 4 min}, {@code in 2 h 5 min}, {@code in 30 s}, {@code due now}. */
    String countdown(Instant at) {
        Duration d = Duration.between(now, at);
        return d.isNegative() || d.isZero() ? "due now" : "in " + span(d);
    }

    /** {@code 45 s}, {@code 29 min}, {@code 8 h 10 min}, {@code 2 d 3 h}. */
    static String span(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) {
            return s + " s";
        }
        long m = s / 60;
        if (m < 60) {
            return m + " min";
        }
        long h = m / 60;
        if (h < 48) {
            return h + " h" + (m % 60 == 0 ? "" : " " + m % 60 + " min");
        }
        return h / 24 + " d" + (h % 24 == 0 ? "" : " " + h % 24 + " h");
    }
}
