package dev.curfew.policy;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.curfew.config.BadValue;
import dev.curfew.config.TextValue;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

/**
 * The values of {@code policy:} in the configuration, as the rules see them, one record per
 * section of the file: {@code policy.idle().limit()}, {@code policy.closing().warn()}. Limits that
 * are {@code off} are null; the {@code ...Seconds()} accessors give -1 for them, which keeps the
 * DRL plain: {@code Policy( idle.limitSeconds > 0 )}. Each section's {@code defaults()} are the
 * values of the keys a configuration leaves out.
 */
public record Policy(
        ZoneId zone,
        Idle idle,
        Disconnected disconnected,
        SessionLimit session,
        ClosingTime closing,
        Exempt exempt,
        Protect protect,
        boolean whatIf,
        Message message,
        List<Profile> profiles,
        LogonHoursMode logonHours) {

    public static final String DEFAULT_TITLE = "Your session will be {action}ed";
    public static final String DEFAULT_TEXT =
            "{user}, this session will be {action}ed at {time} (in {minutes} min). Save your work.";

    public Policy {
        Objects.requireNonNull(zone, "zone");
        profiles = profiles == null ? List.of() : List.copyOf(profiles);
        logonHours = logonHours == null ? LogonHoursMode.OFF : logonHours;
        java.util.Set<String> names = new java.util.HashSet<>();
        for (int i = 0; i < profiles.size(); i++) {
            Profile p = profiles.get(i);
            if (!names.add(p.name().toLowerCase(java.util.Locale.ROOT))) {
                throw new BadValue("profiles[" + i + "].name", "\"" + p.name() + "\" is the name of an earlier profile");
            }
            // One closing trigger for all: a profile may leave the closing out (off), not move it.
            if (p.closing() != null && p.closing().at() != null && !p.closing().at().equals(closing.at())) {
                throw new BadValue("profiles[" + i + "].closing.at", "\"" + p.closing().at()
                        + "\" is not the policy's closing time (a profile may only turn it off, or keep \""
                        + closing.at() + "\")");
            }
        }
    }

    /**
     * The profiles that can never match, each with the earlier one that takes all its sessions, as
     * {@code profiles[i]} keys to messages: {@code profiles[2] -> "labs" can never match: ...}.
     */
    public java.util.Map<String, String> shadowedProfiles() {
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        for (int i = 0; i < profiles.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (profiles.get(i).shadowedBy(profiles.get(j))) {
                    out.put("profiles[" + i + "]", "profile \"" + profiles.get(i).name() + "\" can never match: every"
                            + " session it matches is matched first by profile \"" + profiles.get(j).name()
                            + "\" (policy.profiles[" + j + "]; put the narrower one first)");
                    break;
                }
            }
        }
        return out;
    }

    /** The policy of the first profile matching {@code s}, or null when none does. */
    public Profile profileFor(dev.curfew.session.Session s) {
        for (Profile p : profiles) {
            if (p.matches(s)) {
                return p;
            }
        }
        return null;
    }

    /** This policy as the profile named {@code name} changes it; itself for an empty or unknown name. */
    public Policy forProfile(String name) {
        for (Profile p : profiles) {
            if (p.name().equals(name)) {
                return p.applyTo(this);
            }
        }
        return this;
    }

    /** The default policy in this machine's time zone. */
    public static Policy defaults() {
        return defaults(ZoneId.systemDefault());
    }

    /** The default policy, in {@code zone}. */
    public static Policy defaults(ZoneId zone) {
        return new Policy(zone, Idle.defaults(), Disconnected.defaults(), SessionLimit.defaults(),
                ClosingTime.defaults(), Exempt.defaults(), Protect.defaults(), false, Message.defaults(), List.of(),
                LogonHoursMode.OFF);
    }

    /**
     * {@code policy.idle}: how long a connected session may go without input (RDS MaxIdleTime).
     *
     * @param busyPrograms a session running one of these programs ({@code Teams.exe}, {@code vlc.exe}; wildcards,
     *     any case) counts as having had input at each sweep that sees it
     * @param busyCpu a session whose processes used more CPU time than this per minute since the sweep before
     *     counts as having had input then; null for off
     */
    public record Idle(Duration limit, Duration warn, ActionType action, List<Wildcard> busyPrograms,
            @JsonDeserialize(using = TextValue.PositiveOrOff.class) Duration busyCpu) {
        public Idle {
            busyPrograms = busyPrograms == null ? List.of() : List.copyOf(busyPrograms);
        }

        public Idle(Duration limit, Duration warn, ActionType action) {
            this(limit, warn, action, List.of(), null);
        }

        public static Idle defaults() {
            return new Idle(Duration.ofMinutes(30), Duration.ofMinutes(2), ActionType.DISCONNECT, List.of(), null);
        }

        /** True when the session's processes must be listed for this section. */
        public boolean watchesProcesses() {
            return !busyPrograms.isEmpty() || busyCpu != null;
        }

        public long limitSeconds() { return seconds(limit); }
        public long warnSeconds() { return seconds(warn); }
    }

    /** {@code policy.disconnected}: how long a disconnected session is kept (RDS MaxDisconnectionTime). */
    public record Disconnected(Duration limit, ActionType action) {
        public Disconnected {
            if (action != ActionType.LOGOFF) {
                throw new BadValue("action", "\"" + (action == null ? "" : action.label())
                        + "\" cannot end a disconnected session (use logoff)");
            }
        }

        public static Disconnected defaults() {
            return new Disconnected(Duration.ofHours(8), ActionType.LOGOFF);
        }

        public long limitSeconds() { return seconds(limit); }
    }

    /** {@code policy.session}: how long a session may stay connected (RDS MaxConnectionTime). */
    public record SessionLimit(Duration limit, Duration warn, ActionType action) {
        public static SessionLimit defaults() {
            return new SessionLimit(null, Duration.ofMinutes(5), ActionType.LOGOFF);
        }

        public long limitSeconds() { return seconds(limit); }
        public long warnSeconds() { return seconds(warn); }
    }

    /**
     * {@code policy.closing}: the end of day.
     *
     * @param at a Quartz cron expression in the policy's zone, or null for no closing
     * @param warn how long before the closing each warning goes out
     */
    public record ClosingTime(
            @JsonDeserialize(using = TextValue.Cron.class) String at,
            @JsonDeserialize(contentUsing = TextValue.Positive.class) List<Duration> warn,
            ActionType action,
            Holidays holidays) {
        public ClosingTime {
            warn = List.copyOf(warn);
        }

        /** The longest warning lead in seconds, 0 when there is none. */
        public long longestWarnSeconds() {
            return warn.stream().mapToLong(Duration::getSeconds).max().orElse(0);
        }

        /** The shortest warning lead of at least {@code leftSeconds}, in seconds; -1 when none is that long. */
        public long warnSecondsFor(long leftSeconds) {
            return warn.stream().mapToLong(Duration::getSeconds).filter(w -> w >= leftSeconds).min().orElse(-1);
        }

        /** The longest warning lead shorter than {@code leftSeconds}, in seconds; 0 when there is none. */
        public long warnSecondsBelow(long leftSeconds) {
            return warn.stream().mapToLong(Duration::getSeconds).filter(w -> w < leftSeconds).max().orElse(0);
        }

        public static ClosingTime defaults() {
            return new ClosingTime("0 0 18 ? * MON-FRI",
                    List.of(Duration.ofMinutes(15), Duration.ofMinutes(5), Duration.ofMinutes(1)),
                    ActionType.DISCONNECT, Holidays.NONE);
        }
    }

    /** {@code policy.exempt}: users, client names and stations the default rules never act on. */
    public record Exempt(List<Wildcard> users, List<Wildcard> clients, List<Wildcard> stations) {
        public Exempt {
            users = List.copyOf(users);
            clients = List.copyOf(clients);
            stations = List.copyOf(stations);
        }

        public static Exempt defaults() {
            return new Exempt(List.of(), List.of(), List.of());
        }

        /** True when the user, client name or station matches one of the patterns. */
        public boolean matches(String user, String client, String station) {
            return any(users, user) || any(clients, client) || any(stations, station);
        }

        private static boolean any(List<Wildcard> patterns, String value) {
            for (Wildcard w : patterns) {
                if (w.matches(value)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** {@code policy.protect}: whether the console session is never acted on. */
    public record Protect(boolean console) {
        public static Protect defaults() {
            return new Protect(true);
        }
    }

    /**
     * {@code policy.message}: the warning's title and text, with {user}, {minutes}, {time}, {action} filled in.
     *
     * @param moreTime when set, a warning asks Yes/No and a Yes postpones the action it announces by this
     *     much; null for off (a warning only tells)
     * @param moreTimePerDay how many Yes answers a session gets a day
     */
    public record Message(String title, String text,
            @JsonDeserialize(using = TextValue.PositiveOrOff.class) Duration moreTime, Integer moreTimePerDay) {
        public Message {
            moreTimePerDay = moreTimePerDay == null ? 2 : moreTimePerDay;
            if (moreTimePerDay < 0 || moreTimePerDay > 100) {
                throw new BadValue("moreTimePerDay", moreTimePerDay + " is out of range (0 to 100)");
            }
        }

        public Message(String title, String text) {
            this(title, text, null, 2);
        }

        public static Message defaults() {
            return new Message(DEFAULT_TITLE, DEFAULT_TEXT, null, 2);
        }

        /** True when warnings ask for more time: {@code moreTime} is set and a day allows at least one. */
        public boolean asks() {
            return moreTime != null && moreTimePerDay > 0;
        }
    }

    /** True when this policy or one of its profiles needs the sessions' processes listed. */
    public boolean watchesProcesses() {
        if (idle.watchesProcesses()) {
            return true;
        }
        for (Profile p : profiles) {
            if (p.idle() != null && p.idle().watchesProcesses()) {
                return true;
            }
        }
        return false;
    }

    /** The same policy in what-if mode or not. */
    public Policy withWhatIf(boolean value) {
        return new Policy(zone, idle, disconnected, session, closing, exempt, protect, value, message, profiles, logonHours);
    }

    /** The same policy in another time zone. */
    public Policy withZone(ZoneId value) {
        return new Policy(value, idle, disconnected, session, closing, exempt, protect, whatIf, message, profiles, logonHours);
    }

    /** The same policy with another idle limit. */
    public Policy withIdle(Idle value) {
        return new Policy(zone, value, disconnected, session, closing, exempt, protect, whatIf, message, profiles, logonHours);
    }

    /** The same policy with its users' logon hours enforced or not. */
    public Policy withLogonHours(LogonHoursMode value) {
        return new Policy(zone, idle, disconnected, session, closing, exempt, protect, whatIf, message, profiles, value);
    }

    /** The same policy with another end of day. */
    public Policy withClosing(ClosingTime value) {
        return new Policy(zone, idle, disconnected, session, value, exempt, protect, whatIf, message, profiles, logonHours);
    }

    private static long seconds(Duration d) {
        return d == null ? -1 : d.getSeconds();
    }
}
