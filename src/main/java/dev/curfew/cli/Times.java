package dev.curfew.cli;

import dev.curfew.config.Durations;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/** Reads the times given to {@code --since} and {@code --until}: {@code 7d} ago, a date, a local date-time, or ISO with offset. */
final class Times {
    private Times() {
    }

    static Instant parse(String option, String text, Clock clock, ZoneId zone) {
        if (text == null) {
            return null;
        }
        String t = text.trim();
        try {
            if (t.contains("T") && (t.endsWith("Z") || t.matches(".*[+-]\\d\\d:\\d\\d$"))) {
                return OffsetDateTime.parse(t).toInstant();
            }
            if (t.contains("T")) {
                return LocalDateTime.parse(t).atZone(zone).toInstant();
            }
            if (t.matches("\\d{4}-\\d{2}-\\d{2}")) {
                return LocalDate.parse(t).atStartOfDay(zone).toInstant();
            }
        } catch (DateTimeParseException e) {
            throw bad(option, text);
        }
        try {
            Duration ago = Durations.parse(t);
            if (ago != null) {
                return clock.instant().minus(ago);
            }
        } catch (IllegalArgumentException e) {
            // falls through to the error below
        }
        throw bad(option, text);
    }

    private static UsageException bad(String option, String text) {
        return new UsageException(option + ": \"" + text + "\" is not a time (use 7d or 12h for that long ago, "
                + "2026-11-23, 2026-11-23T08:00, or 2026-11-23T08:00+01:00)");
    }
}
