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
    private final Map<String, Instant> warned = new ConcurrentHashMap<>();
    private final Set<String> droppedLogged = ConcurrentHashMap.newKeySet();

    public ActionRunner(SessionHost host, HistoryStore history, Clock clock) {
        this.host = host;
        this.history = history;
        this.clock = clock;
    }

    /** Runs every decision in order; a failure is recorded and the others still run. */
    public List<ActionResult> run(List<Decision> decisions, Source source, Policy policy) {
        return run(decisions, source, policy, null);
    }

    /**
     * Runs the decisions of a closing or closing warning announcing {@code closingAt}: the warnings
     * of that closing go out every time (each lead fires once), the others' warnings once as usual.
     */
    public List<ActionResult> run(List<Decision> decisions, Source source, Policy policy, Instant closingAt) {
        forgetOldWarnings();
        List<ActionResult> results = new ArrayList<>(decisions.size());
        for (Decision d : decisions) {
            results.add(runOne(d, source, policy, closingAt));
        }
        return results;
    }

    private ActionResult runOne(Decision d, Source source, Policy policy, Instant closingAt) {
        Session s = d.session();
        if (s.isProtected()) {
            // Logged once per session and rule, not on every sweep that asks again.
            if (droppedLogged.add(s.server() + "#" + s.id() + "|" + s.logonTime() + "|" + d.rule())) {
                log.info("{}: {} by \"{}\" dropped: {} is protected", s, d.action().label(), d.rule(),
                        s.protectedReason());
            }
            return new ActionResult(d, Outcome.SKIPPED, "protected: " + s.protectedReason(), 0);
        }
        // A sweep sees the same idle session again and again; its warning goes out once, and in a
        // cluster the next sweep may run on another node, so the history is asked too. Closing
        // warnings come from their own triggers, each fired once, so they are never held back; the
        // idle or session warnings a closing sweep also finds are.
        boolean dedupe = d.action() == ActionType.WARN && !d.due().equals(closingAt);
        if (dedupe && warned.putIfAbsent(warningKey(d), d.due()) != null) {
            return new ActionResult(d, Outcome.SKIPPED, "already warned", 0);
        }
        Instant now = clock.instant();
        Runnable call = switch (d.action()) {
            case WARN -> () -> host.warn(s.server(), s.id(), Messages.fill(policy.messageTitle(), d, now, policy.zone()),
                    Messages.fill(policy.messageText(), d, now, policy.zone()));
            case DISCONNECT -> () -> host.disconnect(s.server(), s.id());
            case LOGOFF -> () -> host.logoff(s.server(), s.id());
        };
        ActionResult result;
        try {
            if (dedupe && history.warned(s.server().value(), s.id(), d.rule(), d.due())) {
                return new ActionResult(d, Outcome.SKIPPED, "already warned by another node", 0);
            }
            result = execute(d, source, policy.whatIf(), call);
        } catch (RuntimeException e) {
            // The history could not be read or written: nothing was sent, so the warning is still owed.
            if (dedupe) {
                warned.remove(warningKey(d));
            }
            throw e;
        }
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
        long id = history.recordIntent(new Intent(now, s, d.action(), d.rule(), d.reason(), source, whatIf,
                d.action() == ActionType.WARN ? d.due() : null));
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
        warned.values().removeIf(due -> due.isBefore(horizon));
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
