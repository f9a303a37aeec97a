package dev.curfew.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the durations written in curfew's files: {@code 90s}, {@code 30m}, {@code 2h},
 * {@code 1h30m}, {@code 1d}, and {@code off} for none.
 */
public final class Durations {
    public static final String FORM = "use 30s, 30m, 2h, 1h30m, 1d or off";

    private static final Pattern DURATION =
            Pattern.compile("(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m(?!s))?(?:(\\d+)s)?(?:(\\d+)ms)?");

    private Durations() {
    }

    /** The duration written, null for {@code off}; throws IllegalArgumentException with the accepted form. */
    public static Duration parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT).replace(" ", "");
        if (t.equals("off") || t.equals("none")) {
            return null;
        }
        if (t.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = DURATION.matcher(t);
        if (t.isEmpty() || !m.matches()) {
            throw new IllegalArgumentException("\"" + text + "\" is not a duration (" + FORM + ")");
        }
        Duration d = Duration.ZERO;
        d = d.plusDays(number(m.group(1)));
        d = d.plusHours(number(m.group(2)));
        d = d.plusMinutes(number(m.group(3)));
        d = d.plusSeconds(number(m.group(4)));
        d = d.plusMillis(number(m.group(5)));
        return d;
    }

    /** A duration above zero; {@code off} and zero are refused with the accepted form. */
    public static Duration positive(String text) {
        Duration d = parse(text);
        if (d == null || d.isZero()) {
            throw new IllegalArgumentException("\"" + text + "\" must be a positive duration (use 30s, 1m, 5m)");
        }
        return d;
    }

    /** A duration above zero, or null for {@code off}. */
    public static Duration positiveOrOff(String text) {
        Duration d = parse(text);
        if (d != null && d.isZero()) {
            throw new IllegalArgumentException("\"" + text + "\" must be a positive duration or off (use 400d, 90d, off)");
        }
        return d;
    }

    /** Writes a duration the way {@link #parse} reads it: {@code 1h30m}, {@code 45s}, {@code off}. */
    public static String format(Duration d) {
        if (d == null) {
            return "off";
        }
        if (d.isZero()) {
            return "0s";
        }
        StringBuilder out = new StringBuilder();
        long s = d.getSeconds();
        if (s >= 86_400) { out.append(s / 86_400).append('d'); s %= 86_400; }
        if (s >= 3_600) { out.append(s / 3_600).append('h'); s %= 3_600; }
        if (s >= 60) { out.append(s / 60).append('m'); s %= 60; }
        if (s > 0) { out.append(s).append('s'); }
        int ms = d.toMillisPart();
        if (ms > 0) { out.append(ms).append("ms"); }
        return out.toString();
    }

    private static long number(String group) {
        return group == null ? 0 : Long.parseLong(group);
    }
}
