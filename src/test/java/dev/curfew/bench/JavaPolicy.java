package dev.curfew.bench;

import dev.curfew.policy.ActionType;
import dev.curfew.policy.Closing;
import dev.curfew.policy.Decision;
import dev.curfew.policy.DecisionSink;
import dev.curfew.policy.Policy;
import dev.curfew.policy.Protection;
import dev.curfew.session.Session;
import dev.curfew.session.SessionState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The shipped rules (rules/*.drl) written by hand in Java: the baseline the Drools path is measured
 * against. Same decisions, same reasons, same choice of the strongest per session; exemption
 * patterns compiled once.
 */
final class JavaPolicy {
    private final Policy policy;
    private final List<Pattern> users;
    private final List<Pattern> clients;
    private final List<Pattern> stations;

    JavaPolicy(Policy policy) {
        this.policy = policy;
        this.users = compile(policy.exemptUsers());
        this.clients = compile(policy.exemptClients());
        this.stations = compile(policy.exemptStations());
    }

    List<Decision> decide(List<Session> sessions, Instant now, Closing closing) {
        Policy p = policy;
        boolean holiday = p.holidays().contains(now.atZone(p.zone()).toLocalDate());
        List<Decision> out = new ArrayList<>();
        for (Session raw : sessions) {
            Session s = raw.withFlags(Protection.reasonFor(raw, p.protectConsole()),
                    any(users, raw.user()) || any(clients, raw.clientName()) || any(stations, raw.station()));
            if (s.exempt()) {
                continue;
            }
            Decision best = null;
            boolean connected = s.state().isConnected();
            if (connected && p.idleLimitSeconds() > 0) {
                long idle = s.idleSeconds();
                if (idle >= p.idleLimitSeconds()) {
                    best = stronger(best, new Decision(s, p.idleAction(), "idle limit", "idle " + DecisionSink.human(idle), now));
                } else if (p.idleWarnSeconds() > 0 && idle >= 0 && idle >= p.idleLimitSeconds() - p.idleWarnSeconds()) {
                    best = stronger(best, new Decision(s, ActionType.WARN, "idle limit", "idle " + DecisionSink.human(idle),
                            s.lastInputTime().plusSeconds(p.idleLimitSeconds()), p.idleAction()));
                }
            }
            if (s.state() == SessionState.DISCONNECTED && p.disconnectedLimitSeconds() > 0) {
                long gone = s.disconnectedSeconds();
                if (gone >= p.disconnectedLimitSeconds()) {
                    best = stronger(best, new Decision(s, p.disconnectedAction(), "disconnected limit",
                            "disconnected " + DecisionSink.human(gone), now));
                }
            }
            if (connected && p.sessionLimitSeconds() > 0) {
                long on = s.connectedSeconds();
                if (on >= p.sessionLimitSeconds()) {
                    best = stronger(best, new Decision(s, p.sessionAction(), "session limit",
                            "connected " + DecisionSink.human(on), now));
                } else if (p.sessionWarnSeconds() > 0 && on >= 0 && on >= p.sessionLimitSeconds() - p.sessionWarnSeconds()) {
                    best = stronger(best, new Decision(s, ActionType.WARN, "session limit", "connected " + DecisionSink.human(on),
                            s.connectedSince().plusSeconds(p.sessionLimitSeconds()), p.sessionAction()));
                }
            }
            if (closing != null && !holiday && s.userPresent()) {
                if (!closing.warning() && (connected
                        || (s.state() == SessionState.DISCONNECTED && p.closingAction() == ActionType.LOGOFF))) {
                    best = stronger(best, new Decision(s, p.closingAction(), "closing", "end of day", now));
                } else if (closing.warning() && connected) {
                    best = stronger(best, new Decision(s, ActionType.WARN, "closing",
                            "end of day in " + DecisionSink.human(closing.lead().getSeconds()), closing.at(), p.closingAction()));
                }
            }
            if (best != null) {
                out.add(best);
            }
        }
        out.sort(Comparator.comparing((Decision d) -> d.session().server()).thenComparingInt(d -> d.session().id()));
        return out;
    }

    /** The stronger action, or for two of the same kind the one due first (as PolicyEngine chooses). */
    private static Decision stronger(Decision a, Decision b) {
        if (a == null) {
            return b;
        }
        int c = a.action().compareTo(b.action());
        if (c != 0) {
            return c > 0 ? a : b;
        }
        return b.due().isBefore(a.due()) ? b : a;
    }

    private static boolean any(List<Pattern> patterns, String value) {
        if (value == null || value.isEmpty()) {
            return false;
        }
        String lower = value.toLowerCase(Locale.ROOT);
        for (Pattern p : patterns) {
            if (p.matcher(lower).matches()) {
                return true;
            }
        }
        return false;
    }

    private static List<Pattern> compile(List<String> patterns) {
        List<Pattern> out = new ArrayList<>();
        for (String pattern : patterns) {
            StringBuilder regex = new StringBuilder();
            for (char c : pattern.toCharArray()) {
                switch (c) {
                    case '*' -> regex.append(".*");
                    case '?' -> regex.append('.');
                    default -> regex.append(Pattern.quote(String.valueOf(c)));
                }
            }
            out.add(Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE));
        }
        return out;
    }
}
