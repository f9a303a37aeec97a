package dev.curfew.session;

import dev.curfew.policy.Wildcard;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * What a session's processes did, as measured at one sweep: the programs running and the CPU time
 * they used since the sweep before. {@link #UNKNOWN} where the processes were not listed (no rule
 * or policy key needs them, a closing's roster, the first sweep for the CPU).
 *
 * <pre>{@code
 * Activity a = Activity.of(at, List.of("Teams.exe", "explorer.exe"), 12.5, Duration.ofMinutes(1));
 * a.cpuPerMinute();   // 12.5
 * }</pre>
 *
 * @param at when the processes were listed; null when unknown
 * @param programs the image names, sorted and each once
 * @param cpuSeconds kernel and user time used over {@code over}; -1 when unknown
 * @param over the wall time between the two listings the CPU time is the difference of; null when unknown
 * @param lastBusy the last listing that found the session busy ({@code policy.idle.busyPrograms},
 *     {@code busyCpu}), which counts as input; null for none
 */
public record Activity(Instant at, List<String> programs, double cpuSeconds, Duration over, Instant lastBusy) {
    public static final Activity UNKNOWN = new Activity(null, List.of(), -1, null, null);

    public Activity {
        programs = programs == null ? List.of() : List.copyOf(programs);
        if (over == null || over.isZero() || over.isNegative() || cpuSeconds < 0) {
            cpuSeconds = -1;
            over = null;
        }
    }

    /** The activity with the programs' names sorted and each once, case aside. */
    public static Activity of(Instant at, Collection<String> programs, double cpuSeconds, Duration over) {
        TreeSet<String> names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        names.addAll(programs);
        return new Activity(at, List.copyOf(names), cpuSeconds, over, null);
    }

    /** The same activity, last found busy at {@code value}. */
    public Activity busyAt(Instant value) {
        return new Activity(at, programs, cpuSeconds, over, value);
    }

    /** The CPU seconds used per minute of wall time; -1 when unknown. */
    public double cpuPerMinute() {
        return over == null ? -1 : cpuSeconds * 60_000.0 / over.toMillis();
    }

    /** True when a program's name matches {@code pattern} ({@code *} and {@code ?}, any case). */
    public boolean runs(String pattern) {
        return pattern != null && runsAny(List.of(Wildcard.of(pattern)));
    }

    /** The first program matching one of {@code patterns}, or null. */
    public String firstMatch(List<Wildcard> patterns) {
        for (String p : programs) {
            for (Wildcard w : patterns) {
                if (w.matches(p)) {
                    return p;
                }
            }
        }
        return null;
    }

    boolean runsAny(List<Wildcard> patterns) {
        return firstMatch(patterns) != null;
    }
}
