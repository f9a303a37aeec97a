package dev.curfew.action;

import dev.curfew.history.Source;
import dev.curfew.policy.ActionType;
import dev.curfew.policy.Closing;
import dev.curfew.policy.Decision;
import dev.curfew.session.ServerName;
import dev.curfew.session.Session;

/**
 * The key of an action's intent: what is done at most once, by whichever node records it first.
 * <ul>
 * <li>a closing or closing warning: once per session, closing instant, lead, action and rule:
 *     {@code closing|2026-11-23T17:00:00Z|300|ts1#3|warn|closing};
 * <li>a warning of the policy: once per session and logon, rule and the instant it announces:
 *     {@code warn|ts1#3|<logon>|idle limit|<due>};
 * <li>a disconnect: once per session, logon and connection ({@code <connected since>}), so a user
 *     who comes back and idles again is disconnected again; a logoff: once per session and logon;
 * <li>a command: once per request id ({@code command|<request>|ts1#3|logoff}): each command line
 *     run is a request of its own, so an operator may act twice on purpose; so is each confirmed
 *     action of the web console ({@code web|<request>|ts1#3|disconnect}).
 * </ul>
 * A policy action on a session whose logon time the server does not tell has no key (null), nor
 * has a what-if action: nothing tells its logons apart, and nothing is sent.
 */
final class OnceKeys {
    private OnceKeys() {
    }

    /** The key of {@code d}, decided by {@code source} ({@code closing} set for a closing's run); null for none. */
    static String of(Decision d, Source source, Closing closing, String request, boolean whatIf) {
        if (whatIf) {
            return null;
        }
        Session s = d.session();
        String session = s.server().value() + "#" + s.id();
        if (source == Source.COMMAND || source == Source.WEB) {
            return source.label() + "|" + request + "|" + session + "|" + d.action().label();
        }
        if (closing != null) {
            return closingPrefix(s.server(), closing) + s.id() + "|" + d.action().label() + "|" + d.rule();
        }
        if (s.logonTime() == null) {
            return null;
        }
        String logon = session + "|" + s.logonTime();
        return switch (d.action()) {
            case WARN -> "warn|" + logon + "|" + d.rule() + "|" + d.due();
            case DISCONNECT -> "disconnect|" + logon + "|" + s.connectedSince();
            case LOGOFF -> "logoff|" + logon;
        };
    }

    /** The start of the keys of {@code closing}'s actions on {@code server}. */
    static String closingPrefix(ServerName server, Closing closing) {
        return "closing|" + closing.at() + "|" + closing.lead().getSeconds() + "|" + server.value() + "#";
    }

    /** What a result says of an action whose key was taken: it is done, or under way, elsewhere. */
    static String taken(ActionType action) {
        return "already " + switch (action) {
            case WARN -> "warned";
            case DISCONNECT -> "disconnected";
            case LOGOFF -> "logged off";
        } + " (recorded by another run or node)";
    }
}
