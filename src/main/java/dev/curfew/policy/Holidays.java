package dev.curfew.policy;

import java.time.LocalDate;
import java.time.MonthDay;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The days without closing: fixed dates ({@code 2026-12-24}) and dates of every year
 * ({@code --12-25}).
 */
public record Holidays(Set<LocalDate> dates, Set<MonthDay> everyYear) {
    public static final Holidays NONE = new Holidays(Set.of(), Set.of());

    public Holidays {
        dates = Set.copyOf(dates);
        everyYear = Set.copyOf(everyYear);
    }

    /** Parses one entry; throws IllegalArgumentException with the accepted forms. */
    public static Object parseEntry(String text) {
        String t = text.trim();
        try {
            return t.startsWith("--") ? MonthDay.parse(t) : LocalDate.parse(t);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("\"" + text + "\" is not a holiday (use 2026-12-24 for one day, --12-25 for every year)");
        }
    }

    /** Builds the holidays from entries already checked by {@link #parseEntry}. */
    public static Holidays of(List<?> entries) {
        Set<LocalDate> dates = new TreeSet<>();
        Set<MonthDay> every = new TreeSet<>();
        for (Object o : entries) {
            if (o instanceof LocalDate d) {
                dates.add(d);
            } else if (o instanceof MonthDay m) {
                every.add(m);
            }
        }
        return new Holidays(dates, every);
    }

    public boolean contains(LocalDate date) {
        return dates.contains(date) || everyYear.contains(MonthDay.from(date));
    }

    /** The entries as written in the config, sorted. */
    public List<String> entries() {
        List<String> out = new ArrayList<>();
        new TreeSet<>(dates).forEach(d -> out.add(d.toString()));
        new TreeSet<>(everyYear).forEach(m -> out.add(m.toString()));
        return out;
    }
}
