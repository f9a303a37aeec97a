package dev.curfew.action;

import dev.curfew.history.HistoryStore;
import dev.curfew.history.Intent;
import dev.curfew.history.Outcome;
import dev.curfew.history.Source;
import dev.curfew.policy.ActionType;
import dev.curfew.policy.Decision;
import dev.curfew.policy.Policy;
import dev.curfew.session.Session;
import dev.curfew.session.SessionHost;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out decisions: drops those for protected sessions, records each action's intent before
 * calling the server and its outcome after, sends each warning once, and in what-if mode records
 * and logs without calling the server.
 *
 * <pre>{@code
 * ActionRunner runner = new ActionRunner(host, history, clock);
 * List<ActionResult> results = runner.run(engine.decide(sessions, clock.instant(), null), Source.POLICY, policy);
 * }</pre>
 */
public final class ActionRunner {
    private static final Logger log = LoggerFactory.getLogger(ActionRunner.class);
    private static final Duration FORGET_WARNINGS_AFTER = Duration.ofHours(1);

    private final SessionHost host;
    private final HistoryStore history;
    private final Clock clock;
    private final Map<String, Warned> warned = new ConcurrentHashMap<>();
    private final Set<String> droppedLogged = ConcurrentHashMap.newKeySet();

    public ActionRunner(SessionHost host, HistoryStore history, Clock clock) {
        this.host = host;
        this.history = history;
        this.clock = clock;
    }

    /** Runs every decision in order; a failure is recorded and the others still run. */
    public List<ActionResult> run(List<Decision> decisions, Source source, Policy policy) {
        forgetOldWarnings();
        List<ActionResult> results = new ArrayList<>(decisions.size());
        for (Decision d : decisions) {
            results.add(runOne(d, source, policy));
        }
        return results;
    }

    private ActionResult runOne(Decision d, Source source, Policy policy) {
        Session s = d.session();
        if (s.isProtected()) {
            // Logged once per session and rule, not on every sweep that asks again.
            if (droppedLogged.add(s.server() + "#" + s.id() + "|" + s.logonTime() + "|" + d.rule())) {
                log.info("{}: {} by \"{}\" dropped: {} is protected", s, d.action().label(), d.rule(),
                        s.protectedReason());
            }
            return new ActionResult(d, Outcome.SKIPPED, "protected: " + s.protectedReason(), 0);
        }
        // A sweep sees the same idle session again and again; its warning goes out once. The closing
        // warnings (15m, 5m, 1m) announce the same closing with different reasons: each goes out,
        // while an idle warning that a closing sweep happened to carry is not sent again after it.
        boolean dedupe = d.action() == ActionType.WARN;
        if (dedupe) {
            Warned before = warned.get(warningKey(d));
            if (before != null && (source != Source.CLOSING || before.reason().equals(d.reason()))) {
                return new ActionResult(d, Outcome.SKIPPED, "already warned", 0);
            }
            warned.put(warningKey(d), new Warned(d.due(), d.reason()));
        }
        Instant now = clock.instant();
        Runnable call = switch (d.action()) {
            case WARN -> () -> host.warn(s.server(), s.id(), Messages.fill(policy.messageTitle(), d, now, policy.zone()),
                    Messages.fill(policy.messageText(), d, now, policy.zone()));
            case DISCONNECT -> () -> host.disconnect(s.server(), s.id());
            case LOGOFF -> () -> host.logoff(s.server(), s.id());
        };
        ActionResult result = execute(d, source, policy.whatIf(), call);
        if (dedupe && result.failed()) {
            warned.remove(warningKey(d));
        }
        return result;
    }

    /**
     * Carries out one action asked for on the command line, recorded with source {@code command}:
     * {@code text} is the message for {@code WARN}, ignored otherwise.
     */
    public ActionResult runCommand(Session s, ActionType action, String reason, String title, String text,
            boolean whatIf) {
        Decision d = new Decision(s, action, "command line", reason, clock.instant());
        Runnable call = switch (action) {
            case WARN -> () -> host.warn(s.server(), s.id(), title, text);
            case DISCONNECT -> () -> host.disconnect(s.server(), s.id());
            case LOGOFF -> () -> host.logoff(s.server(), s.id());
        };
        return execute(d, Source.COMMAND, whatIf, call);
    }

    /** Records the intent, calls the server unless what-if, records the outcome. */
    private ActionResult execute(Decision d, Source source, boolean whatIf, Runnable call) {
        Session s = d.session();
        Instant now = clock.instant();
        long id = history.recordIntent(new Intent(now, s, d.action(), d.rule(), d.reason(), source, whatIf));
        if (whatIf) {
            log.info("What if: {} session {} ({}) on {} by \"{}\": {}", verb(d.action()), s.id(), s.account(),
                    s.server(), d.rule(), d.reason());
            history.recordOutcome(id, Outcome.SKIPPED, "what-if", now);
            return new ActionResult(d, Outcome.SKIPPED, "what-if", id);
        }
        try {
            call.run();
            history.recordOutcome(id, Outcome.DONE, null, clock.instant());
            log.info("{}: {} by \"{}\" ({}) done", s, d.action().label(), d.rule(), d.reason());
            return new ActionResult(d, Outcome.DONE, null, id);
        } catch (RuntimeException e) {
            String error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            history.recordOutcome(id, Outcome.FAILED, error, clock.instant());
            log.warn("{}: {} by \"{}\" failed: {}", s, d.action().label(), d.rule(), error);
            return new ActionResult(d, Outcome.FAILED, error, id);
        }
    }

    private void forgetOldWarnings() {
        Instant horizon = clock.instant().minus(FORGET_WARNINGS_AFTER);
        warned.values().removeIf(w -> w.due().isBefore(horizon));
    }

    /** A warning sent: what it announced and why. */
    private record Warned(Instant due, String reason) {
    }

    private static String warningKey(Decision d) {
        return d.session().server() + "#" + d.session().id() + "|" + d.rule() + "|" + d.due().getEpochSecond();
    }

    /** The cmdlet-style verb: Warning, Disconnecting, Logging off. */
    public static String verb(ActionType action) {
        return switch (action) {
            case WARN -> "Warning";
            case DISCONNECT -> "Disconnecting";
            case LOGOFF -> "Logging off";
        };
    }
}
