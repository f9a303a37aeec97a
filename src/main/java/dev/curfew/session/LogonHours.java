package dev.curfew.session;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The hours of the week a user may be signed in, as Active Directory's {@code logonHours}: 21
 * bytes, one bit per hour in UTC, byte 0 bit 0 (the least significant) Sunday 00:00-01:00, bit 1
 * Sunday 01:00-02:00, ..., byte 20 bit 7 Saturday 23:00-24:00. An all-zero value allows no hour.
 *
 * <pre>{@code
 * LogonHours h = LogonHours.parse("Mon-Fri 07-18");    // UTC
 * h.allows(t);       // false at 18:30 UTC on a Monday
 * h.periodEnd(t);    // 18:00 UTC that Monday, for t in 07:00-18:00
 * }</pre>
 */
public final class LogonHours {
    private static final int HOURS = 168;
    private static final String FORM = "use never, always, 42 hex digits as the directory stores it,"
            + " or days and UTC hours like \"Mon-Fri 07-18, Sat 08-12\"";
    private static final Pattern SPAN = Pattern.compile(
            "(?i)(sun|mon|tue|wed|thu|fri|sat)(?:-(sun|mon|tue|wed|thu|fri|sat))?\\s+(\\d{1,2})-(\\d{1,2})");
    private static final String DAYS = "sunmontuewedthufrisat";

    private final byte[] bits;

    private LogonHours(byte[] bits) {
        this.bits = bits;
    }

    /** The attribute's value as the directory gives it; not 21 bytes long is an IllegalArgumentException. */
    public static LogonHours of(byte[] value) {
        if (value == null || value.length != HOURS / 8) {
            throw new IllegalArgumentException("logonHours of " + (value == null ? 0 : value.length)
                    + " bytes (it has 21, one bit per hour of the week)");
        }
        return new LogonHours(value.clone());
    }

    /**
     * Reads {@code never}, {@code always}, the 42 hex digits of the 21 bytes, or spans of days and
     * whole UTC hours ({@code Mon-Fri 07-18} allows 07:00 to 18:00; {@code Sat-Sun} wraps through
     * the week's end as AD's week does); a mistake is an IllegalArgumentException with the forms.
     */
    public static LogonHours parse(String text) {
        String t = text == null ? "" : text.trim();
        if (t.equalsIgnoreCase("never")) {
            return new LogonHours(new byte[HOURS / 8]);
        }
        if (t.equalsIgnoreCase("always")) {
            byte[] all = new byte[HOURS / 8];
            Arrays.fill(all, (byte) 0xff);
            return new LogonHours(all);
        }
        if (t.matches("(?i)[0-9a-f]{42}")) {
            return new LogonHours(HexFormat.of().parseHex(t));
        }
        byte[] b = new byte[HOURS / 8];
        for (String part : t.split(",")) {
            Matcher m = SPAN.matcher(part.trim());
            if (!m.matches()) {
                throw new IllegalArgumentException("\"" + text + "\" is not logon hours (" + FORM + ")");
            }
            int first = DAYS.indexOf(m.group(1).toLowerCase(Locale.ROOT)) / 3;
            int last = m.group(2) == null ? first : DAYS.indexOf(m.group(2).toLowerCase(Locale.ROOT)) / 3;
            int from = Integer.parseInt(m.group(3));
            int to = Integer.parseInt(m.group(4));
            if (from > 23 || to > 24 || to <= from) {
                throw new IllegalArgumentException("\"" + part.trim() + "\": hours from 0-23 to a later 1-24 ("
                        + FORM + ")");
            }
            for (int day = first; ; day = (day + 1) % 7) {
                for (int h = from; h < to; h++) {
                    int hour = day * 24 + h;
                    b[hour / 8] |= (byte) (1 << (hour % 8));
                }
                if (day == last) {
                    break;
                }
            }
        }
        return new LogonHours(b);
    }

    /** True when the hour of the week that holds {@code t} (in UTC) is allowed. */
    public boolean allows(Instant t) {
        return allowed(hourOfWeek(t));
    }

    /** True when no hour of the week is allowed. */
    public boolean never() {
        for (byte x : bits) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * When the allowed period that holds {@code t} ends: the start of the first hour after it that is
     * not allowed; null when {@code t} is not allowed or every hour is.
     */
    public Instant periodEnd(Instant t) {
        int h = hourOfWeek(t);
        if (!allowed(h)) {
            return null;
        }
        Instant hourStart = t.truncatedTo(ChronoUnit.HOURS);
        for (int i = 1; i <= HOURS; i++) {
            if (!allowed((h + i) % HOURS)) {
                return hourStart.plus(Duration.ofHours(i));
            }
        }
        return null;
    }

    private boolean allowed(int hour) {
        return (bits[hour / 8] & (1 << (hour % 8))) != 0;
    }

    /** 0 for Sunday 00:00-01:00 UTC, 167 for Saturday 23:00-24:00 UTC. */
    static int hourOfWeek(Instant t) {
        ZonedDateTime u = t.atZone(ZoneOffset.UTC);
        int day = u.getDayOfWeek() == DayOfWeek.SUNDAY ? 0 : u.getDayOfWeek().getValue();
        return day * 24 + u.getHour();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LogonHours other && Arrays.equals(bits, other.bits);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bits);
    }

    /** The 42 hex digits of the 21 bytes, as {@link #parse} reads them. */
    @Override
    public String toString() {
        return HexFormat.of().formatHex(bits);
    }
}
