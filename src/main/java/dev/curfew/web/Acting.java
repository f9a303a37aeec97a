package dev.curfew.web;

import dev.curfew.action.ActionResult;
import dev.curfew.action.ActionRunner;
import dev.curfew.history.Outcome;
import dev.curfew.history.Source;
import dev.curfew.http.Watch;
import dev.curfew.policy.ActionType;
import dev.curfew.policy.PolicyEngine;
import dev.curfew.policy.Protection;
import dev.curfew.session.ServerName;
import dev.curfew.session.Session;
import dev.curfew.session.SessionHost;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Disconnect, log off or message sessions from the console: a confirmation page naming them (GET),
 * then the action (POST), as one batch through the daemon's {@link ActionRunner}, which refuses the
 * protected ones and records the others with source {@code web}, rule {@value #RULE} and the
 * operator's account in the reason ({@code by olga}).
 */
final class Acting {
    static final String RULE = "web console";
    private static final int MOST = 1000;

    private final Watch watch;
    private final PolicyEngine engine;
    private final SessionHost host;
    private final ActionRunner runner;

    Acting(Watch watch, PolicyEngine engine, SessionHost host, ActionRunner runner) {
        this.watch = watch;
        this.engine = engine;
        this.host = host;
        this.runner = runner;
    }

    /** The confirmation of {@code action} on the sessions {@code s=server:id} name, as the last sweep saw them. */
    Map<String, Object> confirm(Context ctx, SignIns.SignIn who) {
        ActionType action = mayAct(ctx, who);
        List<Map<String, Object>> sessions = new ArrayList<>();
        List<Map<String, Object>> refused = new ArrayList<>();
        for (String key : keys(ctx)) {
            Optional<Session> seen = seen(key);
            Map<String, Object> m = new HashMap<>();
            m.put("key", key);
            m.put("name", seen.map(Acting::name).orElse(key + " (not in the last sweep)"));
            Protection.Reason r = seen.map(s -> Protection.of(s, true)).orElse(null);
            if (r != null) {
                m.put("why", r.sentence(seen.get()));
                refused.add(m);
            } else {
                sessions.add(m);
            }
        }
        Map<String, Object> m = new HashMap<>();
        m.put("action", action.label());
        m.put("verb", verb(action));
        m.put("message", action == ActionType.WARN);
        m.put("sessions", sessions);
        m.put("count", sessions.size() + (sessions.size() == 1 ? " session" : " sessions"));
        m.put("refused", refused);
        m.put("anyRefused", !refused.isEmpty());
        m.put("nothing", sessions.isEmpty());
        m.put("title", "Message from the administrator");
        return m;
    }

    /** Carries out the confirmed action; 403 when every session named is protected (nothing done). */
    Map<String, Object> act(Context ctx, SignIns.SignIn who) {
        ActionType action = mayAct(ctx, who);
        String title = ctx.formParam("title") == null ? "" : ctx.formParam("title").strip();
        String text = ctx.formParam("text") == null ? "" : ctx.formParam("text").strip();
        if (action == ActionType.WARN && text.isEmpty()) {
            throw new Console.Refused(400, "refused: text: the message is empty");
        }
        List<Session> found = new ArrayList<>();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String key : keys(ctx)) {
            int colon = key.lastIndexOf(':');
            Optional<Session> now = host.session(ServerName.of(key.substring(0, colon)),
                    Integer.parseInt(key.substring(colon + 1)));
            if (now.isPresent()) {
                found.add(now.get());
            } else {
                rows.add(Map.of("name", key, "outcome", "not done", "note", "the session is no longer on the server"));
            }
        }
        List<ActionResult> results = runner.runAsked(found, action, Source.WEB, RULE, "by " + who.who().name(),
                title.isEmpty() ? "Message from the administrator" : title, text, engine.policy().whatIf());
        watch.acted(results, Source.WEB);
        List<String> refusals = new ArrayList<>();
        for (ActionResult r : results) {
            boolean refused = r.outcome() == Outcome.SKIPPED && r.error() != null && r.error().startsWith("protected");
            if (refused) {
                refusals.add(name(r.decision().session()) + ": " + r.error().substring("protected: ".length()));
            }
            rows.add(Map.of("name", name(r.decision().session()), "outcome", refused ? "refused" : r.outcome() == Outcome.SKIPPED
                    && "what-if".equals(r.error()) ? "what-if (not sent)" : r.outcome().label(),
                    "note", r.error() == null ? "" : r.error()));
        }
        if (!refusals.isEmpty() && refusals.size() == results.size() && rows.size() == results.size()) {
            throw new Console.Refused(403, "refused: " + String.join("; ", refusals) + " (nothing was done)");
        }
        Map<String, Object> m = new HashMap<>();
        m.put("verb", verb(action));
        m.put("rows", rows);
        return m;
    }

    /** The action asked for, once the signed-in person may act; else the one line of the refusal. */
    private static ActionType mayAct(Context ctx, SignIns.SignIn who) {
        if (!who.mayAct()) {
            throw new Console.Refused(403, "refused: " + who.who().name() + " is a " + who.who().role().label()
                    + "; only an operator may act");
        }
        String a = ctx.queryParam("action") != null ? ctx.queryParam("action") : ctx.formParam("action");
        if (a == null) {
            throw new Console.Refused(400, "refused: action: missing (use disconnect, logoff or message)");
        }
        return switch (a) {
            case "disconnect" -> ActionType.DISCONNECT;
            case "logoff" -> ActionType.LOGOFF;
            case "message" -> ActionType.WARN;
            default -> throw new Console.Refused(400, "refused: action: \"" + a
                    + "\" is not an action (use disconnect, logoff or message)");
        };
    }

    /** The {@code s} parameters, {@code server:id} each, checked. */
    private static Set<String> keys(Context ctx) {
        List<String> given = ctx.method().name().equals("GET") ? ctx.queryParams("s") : ctx.formParams("s");
        if (given.isEmpty()) {
            throw new Console.Refused(400, "refused: s: no session chosen (tick one, or use its row's buttons)");
        }
        if (given.size() > MOST) {
            throw new Console.Refused(400, "refused: s: " + given.size() + " sessions at once; at most " + MOST);
        }
        Set<String> keys = new LinkedHashSet<>();
        for (String k : given) {
            int colon = k.lastIndexOf(':');
            if (colon <= 0 || !k.substring(colon + 1).matches("\\d{1,9}")) {
                throw new Console.Refused(400, "refused: s: \"" + k + "\" is not server:session-id");
            }
            keys.add(k);
        }
        return keys;
    }

    private Optional<Session> seen(String key) {
        int colon = key.lastIndexOf(':');
        Watch.Server server = watch.servers().get(ServerName.of(key.substring(0, colon)));
        int id = Integer.parseInt(key.substring(colon + 1));
        return server == null ? Optional.empty() : server.sessions().stream().filter(s -> s.id() == id).findFirst();
    }

    /** {@code SCHOOL\carol on ms01.school.local, session 4 (PC-11, Active)}. */
    static String name(Session s) {
        return (s.account().isEmpty() ? "no user" : s.account()) + " on " + s.server().value() + ", session " + s.id()
                + " (" + (s.clientName().isEmpty() ? "" : s.clientName() + ", ") + s.state().wtsName() + ")";
    }

    private static String verb(ActionType action) {
        return switch (action) {
            case DISCONNECT -> "Disconnect";
            case LOGOFF -> "Log off";
            case WARN -> "Send the message to";
        };
    }
}
