package dev.curfew.schedule;

import dev.curfew.policy.Holidays;
import dev.curfew.policy.Policy;
import java.time.LocalDate;
import java.time.MonthDay;
import java.util.Calendar;
import java.util.Date;
import java.util.GregorianCalendar;
import java.util.TimeZone;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.impl.calendar.AnnualCalendar;
import org.quartz.impl.calendar.HolidayCalendar;

/**
 * The Quartz calendar of the days without closing: dates of every year ({@code --12-25}) in an
 * {@link AnnualCalendar} over the single dates ({@code 2026-12-24}) in a {@link HolidayCalendar},
 * both in the policy's zone.
 */
final class HolidayCalendars {
    static final String NAME = "holidays";

    private HolidayCalendars() {
    }

    static void install(Scheduler scheduler, Policy policy) throws SchedulerException {
        scheduler.addCalendar(NAME, build(policy.closing().holidays(), TimeZone.getTimeZone(policy.zone())), true, true);
    }

    static AnnualCalendar build(Holidays holidays, TimeZone zone) {
        HolidayCalendar dates = new HolidayCalendar();
        dates.setTimeZone(zone);
        for (LocalDate d : holidays.dates()) {
            Calendar c = new GregorianCalendar(zone);
            c.clear();
            c.set(d.getYear(), d.getMonthValue() - 1, d.getDayOfMonth());
            dates.addExcludedDate(new Date(c.getTimeInMillis()));
        }
        AnnualCalendar annual = new AnnualCalendar(dates);
        annual.setTimeZone(zone);
        for (MonthDay m : holidays.everyYear()) {
            Calendar c = new GregorianCalendar(zone);
            c.clear();
            c.set(2000, m.getMonthValue() - 1, m.getDayOfMonth());
            annual.setDayExcluded(c, true);
        }
        return annual;
    }
}
