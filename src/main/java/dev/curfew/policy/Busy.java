package dev.curfew.policy;

import dev.curfew.config.Durations;
import dev.curfew.session.Activity;
import dev.curfew.session.Session;

/**
 * The one place that decides whether a session was busy when its processes were listed: running
 * one of {@code policy.idle.busyPrograms}, or using more CPU per minute than {@code policy.idle.busyCpu}.
 * A busy session counts as having had input at that listing ({@link Activity#lastBusy}), so an idle
 * limit runs from the last listing that found it busy.
 */
public final class Busy {
    private Busy() {
    }

    /** Why the session counts as busy ({@code running Teams.exe}, {@code CPU 31s a minute}), or null. */
    public static String reason(Session s, Policy.Idle idle) {
        Activity a = s.activity();
        if (a.at() == null) {
            return null;
        }
        String program = a.firstMatch(idle.busyPrograms());
        if (program != null) {
            return "running " + program;
        }
        if (idle.busyCpu() != null && a.cpuPerMinute() * 1000 > idle.busyCpu().toMillis()) {
            return "CPU " + Durations.format(java.time.Duration.ofMillis(Math.round(a.cpuPerMinute() * 1000)))
                    + " a minute";
        }
        return null;
    }

    /** The session with its last input at the last listing that found it busy, when that is later. */
    static Session flag(Session s) {
        return s.activity().lastBusy() == null ? s : s.withActivity(s.activity(), s.activity().lastBusy());
    }
}
