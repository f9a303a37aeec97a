package dev.curfew.policy;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/** The evaluation instant as rules see it: in the policy's zone, with the day's holiday flag. */
public record Now(Instant instant, ZonedDateTime local, boolean holiday) {

    public static Now at(Instant instant, ZoneId zone, Holidays holidays) {
        ZonedDateTime local = instant.atZone(zone);
        return new Now(instant, local, holidays.contains(local.toLocalDate()));
    }

    public LocalDate date() {
        return local.toLocalDate();
    }

    public LocalTime time() {
        return local.toLocalTime();
    }

    public DayOfWeek dayOfWeek() {
        return local.getDayOfWeek();
    }

    /** Minutes since local midnight, handy for lesson-hour rules: {@code minuteOfDay >= 8*60}. */
    public int minuteOfDay() {
        return local.getHour() * 60 + local.getMinute();
    }
}
