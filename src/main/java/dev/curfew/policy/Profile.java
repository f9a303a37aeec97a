package dev.curfew.policy;

import dev.curfew.config.BadValue;
import dev.curfew.session.Session;
import java.util.List;

/**
 * One of {@code policy.profiles}: which sessions it is for, and the sections of the policy it
 * replaces for them. The first profile that matches a session is its profile; a section left out
 * (null) is the policy's, {@code logonHours} included. A profile with no {@code groups},
 * {@code servers} or {@code clients} matches every session.
 *
 * <pre>
 * profiles:
 *   - { name: staff, groups: [Staff], idle: { limit: 60m } }
 *   - { name: labs, servers: ["lab-*"], clients: ["LAB*"], idle: { limit: 10m }, logonHours: enforce }
 * </pre>
 *
 * @param groups the user is in one of them ({@link Session#memberOf}), as {@code Students} or {@code SCHOOL\Students}
 * @param servers the server's name matches one of the patterns
 * @param clients the client's name matches one of the patterns
 * @param logonHours {@code enforce} or {@code off} in place of {@code policy.logonHours} for these sessions
 */
public record Profile(String name, List<String> groups, List<Wildcard> servers, List<Wildcard> clients,
        Policy.Idle idle, Policy.Disconnected disconnected, Policy.SessionLimit session, Policy.ClosingTime closing,
        Policy.Exempt exempt, Policy.Message message, LogonHoursMode logonHours) {

    public Profile {
        if (name == null || name.isBlank()) {
            throw new BadValue("name", "every profile needs a name");
        }
        groups = groups == null ? List.of() : List.copyOf(groups);
        servers = servers == null ? List.of() : List.copyOf(servers);
        clients = clients == null ? List.of() : List.copyOf(clients);
    }

    /** True when {@code s} is one of this profile's sessions; a group criterion never matches unknown groups. */
    public boolean matches(Session s) {
        return (groups.isEmpty() || groups.stream().anyMatch(s::memberOf))
                && (servers.isEmpty() || servers.stream().anyMatch(w -> w.matches(s.server().value())))
                && (clients.isEmpty() || clients.stream().anyMatch(w -> w.matches(s.clientName())));
    }

    /**
     * True when every session this profile matches is matched by {@code earlier} too, as far as the
     * patterns tell: each criterion of {@code earlier} is absent or has all of this one's values.
     */
    public boolean shadowedBy(Profile earlier) {
        return covers(earlier.groups.stream().map(g -> g.toLowerCase(java.util.Locale.ROOT)).toList(),
                groups.stream().map(g -> g.toLowerCase(java.util.Locale.ROOT)).toList())
                && covers(earlier.servers, servers) && covers(earlier.clients, clients);
    }

    private static <T> boolean covers(List<T> earlier, List<T> later) {
        return earlier.isEmpty() || (!later.isEmpty() && earlier.containsAll(later));
    }

    /** {@code base} with this profile's sections in place of its own. */
    Policy applyTo(Policy base) {
        return new Policy(base.zone(), idle != null ? idle : base.idle(),
                disconnected != null ? disconnected : base.disconnected(), session != null ? session : base.session(),
                closing != null ? closing : base.closing(), exempt != null ? exempt : base.exempt(), base.protect(),
                base.whatIf(), message != null ? message : base.message(), List.of(),
                logonHours != null ? logonHours : base.logonHours());
    }
}
