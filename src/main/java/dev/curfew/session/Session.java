package dev.curfew.session;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * One session on one server as seen at {@code observedAt}, the server's own current time.
 * Times are null where the server does not know them; the derived durations are then null too.
 *
 * <pre>{@code
 * Session s = Session.builder(ServerName.of("ms01"), 2, SessionState.ACTIVE)
 *         .user("alice").lastInput(t0).observedAt(t1).build();
 * s.idle();   // t1 - t0
 * }</pre>
 *
 * <p>{@code groups} are the user's groups from the directory, nested ones included, as
 * {@code DOMAIN\name} (or the name alone when no domain is known); {@code groupsKnown} is false when
 * they were never looked up (no directory, or not reachable yet), which rules should not take
 * for "in no group". {@link #memberOf} is how a rule asks. {@code profile} is the name of the
 * session's profile ({@code policy.profiles}), empty for none. {@code activity} is what the session's
 * processes did ({@link #programs}, {@link #cpuSeconds}), unknown where processes were not listed.
 * {@code logonHours} are the user's hours from the directory (null: no restriction, or not looked
 * up); {@link LogonHoursDue} says when they close the session.
 */
public record Session(
        ServerName server,
        int id,
        SessionState state,
        String user,
        String domain,
        String station,
        String clientName,
        String clientAddress,
        Instant logonTime,
        Instant connectTime,
        Instant disconnectTime,
        Instant lastInputTime,
        Instant observedAt,
        boolean console,
        boolean self,
        String protectedReason,
        boolean exempt,
        Set<String> groups,
        boolean groupsKnown,
        String profile,
        Activity activity,
        LogonHours logonHours) {

    public Session {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(observedAt, "observedAt");
        if (id < 0) {
            throw new IllegalArgumentException("session id must not be negative: " + id);
        }
        user = user == null ? "" : user;
        domain = domain == null ? "" : domain;
        station = station == null ? "" : station;
        clientName = clientName == null ? "" : clientName;
        clientAddress = clientAddress == null ? "" : clientAddress;
        groups = caseless(groups);
        profile = profile == null ? "" : profile;
        activity = activity == null ? Activity.UNKNOWN : activity;
    }

    public static Builder builder(ServerName server, int id, SessionState state) {
        return new Builder(server, id, state);
    }

    /** Time since the last input while a user is attached; null otherwise or when unknown. */
    public Duration idle() {
        if (!state.isConnected() || lastInputTime == null) {
            return null;
        }
        return nonNegative(Duration.between(lastInputTime, observedAt));
    }

    /** When the current connection began: the connect time, or the logon time when that is unknown. */
    public Instant connectedSince() {
        return connectTime != null ? connectTime : logonTime;
    }

    /** Time since the current connection began while a user is attached; null otherwise. */
    public Duration connectedFor() {
        Instant since = connectedSince();
        if (!state.isConnected() || since == null) {
            return null;
        }
        return nonNegative(Duration.between(since, observedAt));
    }

    /** Time since the client dropped while disconnected; null otherwise. */
    public Duration disconnectedFor() {
        if (state != SessionState.DISCONNECTED || disconnectTime == null) {
            return null;
        }
        return nonNegative(Duration.between(disconnectTime, observedAt));
    }

    /** {@link #idle()} in whole seconds, for rules; -1 when unknown. */
    public long idleSeconds() {
        Duration d = idle();
        return d == null ? -1 : d.getSeconds();
    }

    /** {@link #connectedFor()} in whole seconds, for rules; -1 when unknown. */
    public long connectedSeconds() {
        Duration d = connectedFor();
        return d == null ? -1 : d.getSeconds();
    }

    /** {@link #disconnectedFor()} in whole seconds, for rules; -1 when unknown. */
    public long disconnectedSeconds() {
        Duration d = disconnectedFor();
        return d == null ? -1 : d.getSeconds();
    }

    /** True when a user is logged on to the session (not the services session or a listener). */
    public boolean userPresent() {
        return !user.isEmpty();
    }

    public boolean isProtected() {
        return protectedReason != null;
    }

    /** {@code DOMAIN\\user}, or just the user, or an empty string for sessions without one. */
    public String account() {
        if (user.isEmpty()) {
            return "";
        }
        return domain.isEmpty() ? user : domain + "\\" + user;
    }

    /** The same session with its protection and exemption flags set. */
    public Session withFlags(String protectedReason, boolean exempt) {
        return new Session(server, id, state, user, domain, station, clientName, clientAddress, logonTime,
                connectTime, disconnectTime, lastInputTime, observedAt, console, self, protectedReason, exempt,
                groups, groupsKnown, profile, activity, logonHours);
    }

    /** The same session with its user's groups, as looked up ({@code known}) or not. */
    public Session withGroups(Collection<String> names, boolean known) {
        return new Session(server, id, state, user, domain, station, clientName, clientAddress, logonTime,
                connectTime, disconnectTime, lastInputTime, observedAt, console, self, protectedReason, exempt,
                caseless(names), known, profile, activity, logonHours);
    }

    /** The same session in the profile named {@code name} (empty for none). */
    public Session withProfile(String name) {
        return new Session(server, id, state, user, domain, station, clientName, clientAddress, logonTime,
                connectTime, disconnectTime, lastInputTime, observedAt, console, self, protectedReason, exempt,
                groups, groupsKnown, name, activity, logonHours);
    }

    /**
     * The same session with what its processes did ({@code activity}) and its last input at
     * {@code input} when that is later than the one the server gave (a busy session counts as used).
     */
    public Session withActivity(Activity value, Instant input) {
        Instant last = input != null && lastInputTime != null && input.isAfter(lastInputTime) ? input : lastInputTime;
        return new Session(server, id, state, user, domain, station, clientName, clientAddress, logonTime,
                connectTime, disconnectTime, last, observedAt, console, self, protectedReason, exempt,
                groups, groupsKnown, profile, value, logonHours);
    }

    /** The same session with its user's logon hours (null: unrestricted). */
    public Session withLogonHours(LogonHours hours) {
        return new Session(server, id, state, user, domain, station, clientName, clientAddress, logonTime,
                connectTime, disconnectTime, lastInputTime, observedAt, console, self, protectedReason, exempt,
                groups, groupsKnown, profile, activity, hours);
    }

    /** The image names of the session's processes ({@code Teams.exe}), sorted; empty when not looked up. */
    public java.util.List<String> programs() {
        return activity.programs();
    }

    /** The CPU seconds the session's processes used since the sweep before; -1 when unknown. */
    public double cpuSeconds() {
        return activity.cpuSeconds();
    }

    /** True when one of the session's processes has a name matching {@code pattern} ({@code *} and {@code ?}, any case). */
    public boolean runs(String pattern) {
        return activity.runs(pattern);
    }

    /**
     * True when the user is in {@code group}, directly or through nested groups: {@code SCHOOL\Students}
     * matches that group of that domain, {@code Students} the group of any domain; case is ignored.
     * False when the groups are unknown ({@link #groupsKnown}).
     */
    public boolean memberOf(String group) {
        if (group == null || group.isEmpty()) {
            return false;
        }
        if (group.indexOf('\\') >= 0) {
            return groups.contains(group);
        }
        for (String g : groups) {
            if (g.substring(g.lastIndexOf('\\') + 1).equalsIgnoreCase(group)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return server + "#" + id + (user.isEmpty() ? "" : " (" + account() + ")");
    }

    /** An unmodifiable set whose {@code contains} ignores case, as Windows does with group names. */
    private static Set<String> caseless(Collection<String> names) {
        TreeSet<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        if (names != null) {
            set.addAll(names);
        }
        return Collections.unmodifiableSortedSet(set);
    }

    private static Duration nonNegative(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }

    /** Builds a {@link Session}; server, id, state and observedAt are required. */
    public static final class Builder {
        private final ServerName server;
        private final int id;
        private final SessionState state;
        private String user;
        private String domain;
        private String station;
        private String clientName;
        private String clientAddress;
        private Instant logon;
        private Instant connect;
        private Instant disconnect;
        private Instant lastInput;
        private Instant observedAt;
        private boolean console;
        private boolean self;

        private Builder(ServerName server, int id, SessionState state) {
            this.server = server;
            this.id = id;
            this.state = state;
        }

        public Builder user(String value) { this.user = value; return this; }
        public Builder domain(String value) { this.domain = value; return this; }
        public Builder station(String value) { this.station = value; return this; }
        public Builder clientName(String value) { this.clientName = value; return this; }
        public Builder clientAddress(String value) { this.clientAddress = value; return this; }
        public Builder logon(Instant value) { this.logon = value; return this; }
        public Builder connect(Instant value) { this.connect = value; return this; }
        public Builder disconnect(Instant value) { this.disconnect = value; return this; }
        public Builder lastInput(Instant value) { this.lastInput = value; return this; }
        public Builder observedAt(Instant value) { this.observedAt = value; return this; }
        public Builder console(boolean value) { this.console = value; return this; }
        public Builder self(boolean value) { this.self = value; return this; }

        public Session build() {
            return new Session(server, id, state, user, domain, station, clientName, clientAddress, logon, connect,
                    disconnect, lastInput, observedAt, console, self, null, false, Set.of(), false, "", Activity.UNKNOWN,
                    null);
        }
    }
}
