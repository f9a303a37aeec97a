package dev.curfew.action;

import dev.curfew.history.HistoryStore;
import dev.curfew.history.Intent;
import dev.curfew.history.Outcome;
import dev.curfew.history.RecordedOutcome;
import dev.curfew.history.Source;
import dev.curfew.policy.ActionType;
import dev.curfew.policy.Closing;
import dev.curfew.policy.Decision;
import dev.curfew.policy.Policy;
import dev.curfew.policy.Protection;
import dev.curfew.session.ServerName;
import dev.curfew.session.Session;
import dev.curfew.session.SessionHost;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out decisions: drops those for protected sessions, records each action's intent before
 * calling the server and its outcome after, sends each warning once, and in what-if mode records
 * and logs without calling the server.
 *
 * <p>The calls of one run (one server's sweep or closing) are made side by side, at most
 * {@code actionsPerServer} at a time, and the calls of all runs together are at most
 * {@code actionsInFlight}, on threads made when a run needs them and ended when idle. A run of a
 * single decision calls on the caller's thread. One server's firings never overlap on a node
 * ({@code sweep.Sweeps} runs them one at a time), so the first bound is one per server. An action
 * asked for on the command line is a batch of one through the same path, so every action is
 * recorded and logged in one place.
 *
 * <pre>{@code
 * ActionRunner runner = new ActionRunner(host, history, clock, 8, 256);
 * List<ActionResult> results = runner.run(engine.decide(sessions, clock.instant(), null), Source.POLICY, policy);
 * runner.close();   // at shutdown, after the scheduler
 * }</pre>
 */
public final class ActionRunner implements AutoCloseable {
    /** The default of {@code sweep.actionsPerServer}: calls to one server at once. */
    public static final int DEFAULT_ACTIONS_PER_SERVER = 8;
    /** The default of {@code sweep.actionsInFlight}: threads making the calls of all servers together. */
    public static final int DEFAULT_ACTIONS_IN_FLIGHT = 256;

    private static final Logger log = LoggerFactory.getLogger(ActionRunner.class);
    private static final Duration FORGET_WARNINGS_AFTER = Duration.ofHours(1);

    private final SessionHost host;
    private final HistoryStore history;
    private final Clock clock;
    private final Map<String, Instant> warned = new ConcurrentHashMap<>();
    private final Set<String> droppedLogged = ConcurrentHashMap.newKeySet();
    private final Fanout fanout;
    private final MoreTime moreTime;

    /** A runner with the default limits: 8 calls to one server at once, 256 to all. */
    public ActionRunner(SessionHost host, HistoryStore history, Clock clock) {
        this(host, history, clock, DEFAULT_ACTIONS_PER_SERVER, DEFAULT_ACTIONS_IN_FLIGHT);
    }

    /**
     * A runner making at most {@code actionsPerServer} calls of one run at once (1: one after another)
     * and at most {@code actionsInFlight} calls of all runs together (runs of one decision aside: they
     * call on the caller's thread).
     */
    public ActionRunner(SessionHost host, HistoryStore history, Clock clock, int actionsPerServer,
            int actionsInFlight) {
        this(host, history, clock, actionsPerServer, actionsInFlight, MoreTime.DEFAULT_QUESTIONS_IN_FLIGHT);
    }

    /** As above, with at most {@code questionsInFlight} Yes/No questions waiting at once (0: on the caller's thread). */
    public ActionRunner(SessionHost host, HistoryStore history, Clock clock, int actionsPerServer,
            int actionsInFlight, int questionsInFlight) {
        this.host = host;
        this.history = history;
        this.clock = clock;
        this.fanout = new Fanout(actionsPerServer, actionsInFlight);
        this.moreTime = new MoreTime(host, history, clock, questionsInFlight);
    }

    /** The Yes/No questions of warnings and the actions they postponed ({@code policy.message.moreTime}). */
    public MoreTime moreTime() {
        return moreTime;
    }

    /**
     * Runs every decision, the results in their order; a failure is recorded and the others still run.
     * The intents of all of them are committed in one transaction before the first server call, and
     * their outcomes in one after the last call has returned: two writes for a whole closing instead
     * of two per session. If curfew stops in between, the batch's rows stay pending and the next
     * start marks them unknown.
     */
    public List<ActionResult> run(List<Decision> decisions, Source source, Policy policy) {
        return run(decisions, source, policy, (Closing) null);
    }

    /** The warning of the session's profile, or the policy's. */
    private static Policy.Message message(Policy policy, Decision d) {
        return policy.forProfile(d.session().profile()).message();
    }

    /**
     * Runs the decisions of a closing or closing warning announcing {@code closingAt}: the warnings
     * of that closing go out every time (each lead fires once), the others' warnings once as usual.
     */
    public List<ActionResult> run(List<Decision> decisions, Source source, Policy policy, Instant closingAt) {
        return run(decisions, source, policy, closingAt == null ? null : Closing.now(closingAt));
    }

    /**
     * Runs the decisions of {@code closing} (a closing, or one of its warnings), or of a plain sweep
     * when null. Each action's intent is recorded under its key ({@link OnceKeys}): one whose key
     * another run or node already holds is not carried out, and its result says so.
     */
    public List<ActionResult> run(List<Decision> decisions, Source source, Policy policy, Closing closing) {
        forgetOldWarnings();
        Instant closingAt = closing == null ? null : closing.at();
        ActionResult[] results = new ActionResult[decisions.size()];
        List<Integer> todo = new ArrayList<>(decisions.size());
        for (int i = 0; i < decisions.size(); i++) {
            results[i] = screen(decisions.get(i), closingAt);
            if (results[i] == null) {
                todo.add(i);
            }
        }
        boolean whatIf = policy.whatIf();
        List<ActionResult> done = carryOut(todo.stream().map(decisions::get).toList(), source, whatIf,
                d -> OnceKeys.of(d, source, closing, null, whatIf),
                d -> {
                    String title = Messages.fill(message(policy, d).title(), d, clock.instant(), policy.zone());
                    String text = Messages.fill(message(policy, d).text(), d, clock.instant(), policy.zone());
                    return d.action() == ActionType.WARN && message(policy, d).asks()
                            ? () -> moreTime.warn(d, source, message(policy, d), policy.zone(), title, text)
                            : call(d, title, text);
                });
        for (int k = 0; k < todo.size(); k++) {
            int i = todo.get(k);
            results[i] = done.get(k);
            if (results[i].failed() && dedupes(decisions.get(i), closingAt)) {
                warned.remove(warningKey(decisions.get(i)));
            }
        }
        return List.of(results);
    }

    /**
     * Carries out one action asked for on the command line, recorded with source {@code command}, as
     * a batch of one: {@code title} and {@code text} are the message for {@code WARN}, ignored otherwise.
     * It is a request of its own: run again, it acts again.
     */
    public ActionResult runCommand(Session s, ActionType action, String reason, String title, String text,
            boolean whatIf) {
        return runCommand(s, action, reason, title, text, whatIf, UUID.randomUUID().toString());
    }

    /**
     * As {@link #runCommand(Session, ActionType, String, String, String, boolean)}, once per
     * {@code request}: the same request retried (same id, session and action) is not carried out again.
     */
    public ActionResult runCommand(Session s, ActionType action, String reason, String title, String text,
            boolean whatIf, String request) {
        Decision d = new Decision(s, action, "command line", reason, clock.instant());
        return carryOut(List.of(d), Source.COMMAND, whatIf, x -> OnceKeys.of(x, Source.COMMAND, null, request, whatIf),
                x -> call(x, title, text)).get(0);
    }

    /**
     * Carries out what a person asked for on {@code sessions} (the web console) as one batch, each
     * recorded with {@code source}, {@code rule} and {@code reason}; a protected session is not acted
     * on (its result is skipped with the reason), the console session included whatever the policy
     * says. {@code title} and {@code text} are the message for {@code WARN}.
     */
    public List<ActionResult> runAsked(List<Session> sessions, ActionType action, Source source, String rule,
            String reason, String title, String text, boolean whatIf) {
        ActionResult[] results = new ActionResult[sessions.size()];
        List<Decision> todo = new ArrayList<>();
        List<Integer> at = new ArrayList<>();
        for (int i = 0; i < sessions.size(); i++) {
            Session s = sessions.get(i);
            Decision d = new Decision(s, action, rule, reason, clock.instant());
            Protection.Reason refused = Protection.of(s, true);
            if (refused != null) {
                log.warn("{}: {} by \"{}\" ({}) refused: {}", s, action.label(), rule, reason, refused.sentence(s));
                results[i] = new ActionResult(d, Outcome.SKIPPED, "protected: " + refused.sentence(s), 0);
            } else {
                todo.add(d);
                at.add(i);
            }
        }
        String request = UUID.randomUUID().toString();
        List<ActionResult> done = carryOut(todo, source, whatIf, x -> OnceKeys.of(x, source, null, request, whatIf),
                x -> call(x, title, text));
        for (int k = 0; k < done.size(); k++) {
            results[at.get(k)] = done.get(k);
        }
        return List.of(results);
    }

    /** The result for a decision that is not carried out (protected session, warning already sent), else null. */
    private ActionResult screen(Decision d, Instant closingAt) {
        Session s = d.session();
        if (s.isProtected()) {
            // Logged once per session and rule, not on every sweep that asks again.
            if (droppedLogged.add(s.server() + "#" + s.id() + "|" + s.logonTime() + "|" + d.rule())) {
                log.info("{}: {} by \"{}\" dropped: {} is protected", s, d.action().label(), d.rule(),
                        s.protectedReason());
            }
            return new ActionResult(d, Outcome.SKIPPED, "protected: " + s.protectedReason(), 0);
        }
        if (!dedupes(d, closingAt)) {
            return null;
        }
        if (warned.putIfAbsent(warningKey(d), d.due()) != null) {
            return new ActionResult(d, Outcome.SKIPPED, "already warned", 0);
        }
        try {
            // In a cluster the next sweep may run on another node, so the history is asked too.
            if (history.warned(s.server().value(), s.id(), d.rule(), d.due())) {
                return new ActionResult(d, Outcome.SKIPPED, "already warned by another node", 0);
            }
        } catch (RuntimeException e) {
            // The history could not be read: nothing was sent, so the warning is still owed.
            warned.remove(warningKey(d));
            throw e;
        }
        return null;
    }

    /**
     * A sweep sees the same idle session again and again; its warning goes out once. The warnings of
     * the closing being fired ({@code closingAt}) come from their own triggers, each fired once, so
     * they are never held back; the idle or session warnings a closing sweep also finds are.
     */
    private static boolean dedupes(Decision d, Instant closingAt) {
        return d.action() == ActionType.WARN && !d.due().equals(closingAt);
    }

    /** The server call of {@code d}; {@code title} and {@code text} are the message of a warning. */
    private Runnable call(Decision d, String title, String text) {
        Session s = d.session();
        return switch (d.action()) {
            case WARN -> () -> host.warn(s.server(), s.id(), title, text);
            case DISCONNECT -> () -> host.disconnect(s.server(), s.id());
            case LOGOFF -> () -> host.logoff(s.server(), s.id());
        };
    }

    /**
     * The one path of every action: records all intents in one transaction, calls the server for
     * each unless what-if (side by side, as the fan-out allows; a batch of one on the caller's
     * thread), and records all outcomes once every call has returned.
     */
    private List<ActionResult> carryOut(List<Decision> batch, Source source, boolean whatIf,
            Function<Decision, String> key, Function<Decision, Runnable> call) {
        if (batch.isEmpty()) {
            return List.of();
        }
        Instant now = clock.instant();
        List<Intent> intents = new ArrayList<>(batch.size());
        for (Decision d : batch) {
            intents.add(intent(now, d, source, whatIf, key.apply(d)));
        }
        long[] ids = history.recordIntents(intents);
        RecordedOutcome[] outcomes = new RecordedOutcome[batch.size()];
        ActionResult[] results = new ActionResult[batch.size()];
        for (int k = 0; k < batch.size(); k++) {
            if (ids[k] == 0) {
                Decision d = batch.get(k);
                log.info("{}: {} by \"{}\" not taken: its key is already recorded ({})", d.session(),
                        d.action().label(), d.rule(), intents.get(k).key());
                results[k] = new ActionResult(d, Outcome.SKIPPED, OnceKeys.taken(d.action()), 0);
            }
        }
        if (whatIf) {
            for (int k = 0; k < batch.size(); k++) {
                Decision d = batch.get(k);
                Session s = d.session();
                log.info("What if: {} session {} ({}) on {} by \"{}\": {}", verb(d.action()), s.id(), s.account(),
                        s.server(), d.rule(), d.reason());
                outcomes[k] = new RecordedOutcome(ids[k], Outcome.SKIPPED, "what-if", now);
                results[k] = new ActionResult(d, Outcome.SKIPPED, "what-if", ids[k]);
            }
        } else {
            fanout.run(batch.size(), k -> {
                if (ids[k] == 0) {
                    return;
                }
                Decision d = batch.get(k);
                Session s = d.session();
                try {
                    call.apply(d).run();
                    outcomes[k] = new RecordedOutcome(ids[k], Outcome.DONE, null, clock.instant());
                    log.info("{}: {} by \"{}\" ({}) done", s, d.action().label(), d.rule(), d.reason());
                    results[k] = new ActionResult(d, Outcome.DONE, null, ids[k]);
                } catch (RuntimeException e) {
                    String error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                    outcomes[k] = new RecordedOutcome(ids[k], Outcome.FAILED, error, clock.instant());
                    log.warn("{}: {} by \"{}\" failed: {}", s, d.action().label(), d.rule(), error);
                    results[k] = new ActionResult(d, Outcome.FAILED, error, ids[k]);
                }
            });
        }
        history.recordOutcomes(java.util.Arrays.stream(outcomes).filter(java.util.Objects::nonNull).toList());
        return List.of(results);
    }

    private static Intent intent(Instant now, Decision d, Source source, boolean whatIf, String key) {
        return new Intent(now, d.session(), d.action(), d.rule(), d.reason(), source, whatIf,
                d.action() == ActionType.WARN ? d.due() : null, key);
    }

    private void forgetOldWarnings() {
        Instant horizon = clock.instant().minus(FORGET_WARNINGS_AFTER);
        warned.values().removeIf(due -> due.isBefore(horizon));
    }

    private static String warningKey(Decision d) {
        return d.session().server() + "#" + d.session().id() + "|" + d.rule() + "|" + d.due().getEpochSecond();
    }

    /**
     * Before {@code closing} is run again on {@code server} (its node died, or curfew was killed
     * during it): its disconnects and logoffs left in doubt may be taken again, to the sessions the
     * server still shows connected; returns how many.
     */
    public int releaseInDoubt(ServerName server, Closing closing) {
        return history.closings().releaseInDoubt(OnceKeys.closingPrefix(server, closing));
    }

    /** How many action threads there are now: none before the first batch and after a minute idle. */
    int actionThreads() {
        return fanout.threads();
    }

    /** Lets the calls under way finish (within 10 s) and ends the action threads; idempotent. */
    @Override
    public void close() {
        fanout.close();
        moreTime.close();
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
